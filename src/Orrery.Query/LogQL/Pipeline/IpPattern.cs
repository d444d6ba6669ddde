using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// The pattern of LogQL's <c>ip("…")</c>: one address (<c>192.168.0.1</c>, <c>::1</c>), a CIDR
/// (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) or an inclusive range (<c>10.0.0.1-10.0.0.9</c>).
/// IPv4 and IPv6 patterns match addresses of their own family only.
/// </summary>
public sealed class IpPattern
{
    private readonly AddressFamily _family;
    private readonly UInt128 _low;
    private readonly UInt128 _high;

    private IpPattern(AddressFamily family, UInt128 low, UInt128 high)
    {
        _family = family;
        _low = low;
        _high = high;
    }

    public static bool TryParse(string pattern, out IpPattern? result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        result = null;
        error = null;
        var text = pattern.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!IPAddress.TryParse(text[..slash], out var network) || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits)
                || bits > Width(network.AddressFamily))
            {
                error = $"invalid ip pattern {Quote(pattern)}: not a CIDR";
                return false;
            }
            var width = Width(network.AddressFamily);
            var mask = bits == 0 ? UInt128.Zero : (UInt128.MaxValue << (128 - bits)) >> (128 - width);
            var value = ToNumber(network);
            result = new IpPattern(network.AddressFamily, value & mask, (value & mask) | (~mask & Max(width)));
            return true;
        }
        if (dash >= 0)
        {
            if (!IPAddress.TryParse(text[..dash].Trim(), out var from) || !IPAddress.TryParse(text[(dash + 1)..].Trim(), out var to)
                || from.AddressFamily != to.AddressFamily || ToNumber(from) > ToNumber(to))
            {
                error = $"invalid ip pattern {Quote(pattern)}: not a range of addresses of one family, lowest first";
                return false;
            }
            result = new IpPattern(from.AddressFamily, ToNumber(from), ToNumber(to));
            return true;
        }
        if (!IPAddress.TryParse(text, out var single) || text.Contains('%', StringComparison.Ordinal))
        {
            error = $"invalid ip pattern {Quote(pattern)}: not an address, a CIDR or a range";
            return false;
        }
        result = new IpPattern(single.AddressFamily, ToNumber(single), ToNumber(single));
        return true;
    }

    public static IpPattern Parse(string pattern) =>
        TryParse(pattern, out var result, out var error) ? result! : throw new FormatException(error);

    /// <summary>True when the text is exactly one address within the pattern.</summary>
    public bool Matches(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > 45 || !LooksLikeAddress(text) || !IPAddress.TryParse(text, out var address)) return false;
        return Contains(address);
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != _family) return false;
        var n = ToNumber(address);
        return n >= _low && n <= _high;
    }

    /// <summary>True when any address-shaped token of the line is within the pattern.</summary>
    public bool MatchesAnyIn(ReadOnlySpan<char> line)
    {
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && !IsAddressChar(line[i])) i++;
            var start = i;
            while (i < line.Length && IsAddressChar(line[i])) i++;
            var token = line[start..i].TrimEnd(".:");
            if (token.Length >= 2 && Matches(token)) return true;
            // "host:8080" or "[::1]:80": try the part before a port too.
            var colon = token.LastIndexOf(':');
            if (colon > 0 && token.IndexOf(':') == colon && token.Contains('.') && Matches(token[..colon])) return true;
        }
        return false;
    }

    private static bool IsAddressChar(char c) => char.IsAsciiHexDigit(c) || c is '.' or ':';

    // IPAddress.TryParse also takes "1" or "0x7f" as IPv4 shorthands; only dotted quads and colon forms are addresses here.
    private static bool LooksLikeAddress(ReadOnlySpan<char> text)
    {
        if (text.Contains(':')) return true;
        var dots = 0;
        foreach (var c in text)
        {
            if (c == '.') dots++;
            else if (!char.IsAsciiDigit(c)) return false;
        }
        return dots == 3;
    }

    private static int Width(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    private static UInt128 Max(int width) => width == 128 ? UInt128.MaxValue : (UInt128.One << width) - 1;

    private static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static string Quote(string s) => Syntax.Ops.Quote(s);
}

/// <summary><c>|= ip("…")</c> / <c>!= ip("…")</c>.</summary>
internal sealed class IpLineFilter(bool contains, string pattern) : ILogStage
{
    private readonly IpPattern _pattern = IpPattern.Parse(pattern);

    public bool Process(LogLine line) => _pattern.MatchesAnyIn(line.Line) == contains;
}
