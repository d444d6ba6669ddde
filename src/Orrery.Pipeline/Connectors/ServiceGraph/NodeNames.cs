using System.Text;

namespace Orrery.Pipeline.Connectors.ServiceGraph;

/// <summary>
/// Service and peer names as small numbers, looked up from a span's UTF-8 bytes without making a
/// string: pending halves and the edge table hold numbers, so matching a half and finding its edge
/// hash a few ints instead of three strings, and the tables hold no references for the garbage
/// collector to trace. Names are made into strings once, when first seen. Not thread-safe: the
/// connector's lock guards it.
/// </summary>
internal sealed class NodeNames
{
    /// <summary>No name (a half without a peer).</summary>
    public const int None = -1;

    private readonly Dictionary<byte[], int> _ids = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly List<string> _names = [];

    public NodeNames() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _names.Count;

    public string this[int id] => _names[id];

    public int Id(ReadOnlySpan<byte> utf8)
    {
        if (_lookup.TryGetValue(utf8, out var id)) return id;
        id = _names.Count;
        _names.Add(Encoding.UTF8.GetString(utf8));
        _lookup.TryAdd(utf8, id);
        return id;
    }

    public int Id(string name) => Id(Encoding.UTF8.GetBytes(name));

    /// <summary>
    /// Forgets every name not marked in <paramref name="used"/> and renumbers the rest; returns the
    /// new number of each old one (<see cref="None"/> for the forgotten). A stream of distinct peer
    /// names would otherwise grow the table for as long as the process runs.
    /// </summary>
    public int[] Compact(bool[] used)
    {
        var map = new int[_names.Count];
        var kept = new List<string>();
        _ids.Clear();
        for (var id = 0; id < map.Length; id++)
        {
            if (!used[id])
            {
                map[id] = None;
                continue;
            }
            map[id] = kept.Count;
            _ids.Add(Encoding.UTF8.GetBytes(_names[id]), kept.Count);
            kept.Add(_names[id]);
        }
        _names.Clear();
        _names.AddRange(kept);
        return map;
    }
}
