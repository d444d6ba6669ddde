
namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A tenant's label names and values, each string once, by dense id. Series keep ids, so a
/// label costs 4 bytes per series however long its text. Writers add under the tenant's append
/// lock; readers look ids up without a lock: an entry is written before its id is published
/// (in a series created afterwards), and entries never change.
/// </summary>
internal sealed class SymbolTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private string[] _strings = new string[256];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public string this[int id] => Volatile.Read(ref _strings)[id];

    /// <summary>The id of <paramref name="value"/>, adding it when new. Caller holds the append lock.</summary>
    public int Intern(string value)
    {
        if (_ids.TryGetValue(value, out var id)) return id;
        id = _count;
        if (id == _strings.Length)
        {
            var grown = new string[_strings.Length * 2];
            _strings.AsSpan().CopyTo(grown);
            grown[id] = value;
            Volatile.Write(ref _strings, grown);
        }
        else
        {
            _strings[id] = value;
        }
        _ids.Add(value, id);
        Volatile.Write(ref _count, id + 1);
        return id;
    }

    public int Intern(ReadOnlySpan<byte> utf8) => Intern(System.Text.Encoding.UTF8.GetString(utf8));

    /// <summary>The id of an existing symbol, or -1. Caller holds the append lock (or the index read lock).</summary>
    public int Find(string value) => _ids.TryGetValue(value, out var id) ? id : -1;

    /// <summary>True when <paramref name="utf8"/> spells <paramref name="value"/>; no allocation for ASCII.</summary>
    public static bool Utf8Equals(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length == value.Length)
        {
            var i = 0;
            for (; i < utf8.Length; i++)
            {
                var b = utf8[i];
                if (b >= 0x80) break;
                if (b != value[i]) return false;
            }
            if (i == utf8.Length) return true;
        }
        else if (utf8.Length < value.Length)
        {
            // UTF-8 never needs fewer bytes than UTF-16 has chars.
            return false;
        }
        return System.Text.Encoding.UTF8.GetString(utf8) == value;
    }
}
