using System.Globalization;
using System.Net;

namespace Orrery.Configuration;

/// <summary>A <c>HOST:PORT</c> to listen on. An empty host or <c>*</c> means every interface.</summary>
internal readonly record struct ListenAddress(string Host, int Port)
{
    public static bool TryParse(string text, out ListenAddress address, out string? error)
    {
        address = default;
        error = null;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"'{text}' is not HOST:PORT";
            return false;
        }
        var host = text[..colon].Trim();
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{text}' has no valid port (1-65535)";
            return false;
        }
        if (host is not ("" or "*" or "localhost") && !IPAddress.TryParse(host, out _))
        {
            error = $"'{text}': host must be an IP address, localhost or empty (all interfaces)";
            return false;
        }
        address = new ListenAddress(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
