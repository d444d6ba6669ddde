using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orrery.Ui.Analysis;

/// <summary>
/// Distinct strings numbered in first-seen order, added from UTF-8 without allocating for ones
/// already known: a trace repeats its services, operation names and attribute keys on every span,
/// so per-span strings would be almost all garbage.
/// </summary>
internal sealed class Utf8StringTable : IDisposable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _strings = [];
    private char[] _chars = ArrayPool<char>.Shared.Rent(256);

    public Utf8StringTable()
    {
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        Add(string.Empty);
    }

    /// <summary>Strings by number; 0 is always the empty string.</summary>
    public IReadOnlyList<string> Strings => _strings;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return 0;
        var max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (max > _chars.Length)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = ArrayPool<char>.Shared.Rent(max);
        }
        var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        if (_lookup.TryGetValue(chars, out var known)) return known;
        return Add(new string(chars));
    }

    public int Add(string value)
    {
        if (_index.TryGetValue(value, out var known)) return known;
        _index[value] = _strings.Count;
        _strings.Add(value);
        return _strings.Count - 1;
    }

    /// <summary>The string for UTF-8 bytes, the same instance every time it is asked for.</summary>
    public string Intern(ReadOnlySpan<byte> utf8) => _strings[Add(utf8)];

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        _chars = [];
    }
}
