using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// The distinct timestamp columns of a block being written, each stored once however many
/// chunks share it (FORMAT.md, "timestamp columns"). Keyed by the encoded bytes: equal timestamp
/// runs encode to equal bytes.
/// </summary>
internal sealed class TimestampColumnTable
{
    private readonly Dictionary<byte[], int> _ids = new(ByteArrayContentComparer.Instance);
    private readonly List<(long Min, long Max, int Count, byte[] Bytes)> _columns = [];

    public int Count => _columns.Count;

    public (long Min, long Max) Range(int id) => (_columns[id].Min, _columns[id].Max);

    public int Intern(byte[] column, long minTimeMs, long maxTimeMs, int count)
    {
        if (_ids.TryGetValue(column, out var id)) return id;
        id = _columns.Count;
        _columns.Add((minTimeMs, maxTimeMs, count, column));
        _ids.Add(column, id);
        return id;
    }

    /// <summary>varint count, then per column zigzag(min − block min), varint (max − min), varint sample count, varint length + bytes.</summary>
    public void Write(ByteBuffer output, long blockMinTimeMs)
    {
        output.WriteVarUInt((ulong)_columns.Count);
        foreach (var (min, max, count, bytes) in _columns)
        {
            output.WriteVarInt(min - blockMinTimeMs);
            output.WriteVarUInt((ulong)(max - min));
            output.WriteVarUInt((ulong)count);
            output.WriteBytes(bytes);
        }
    }

    private sealed class ByteArrayContentComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayContentComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
