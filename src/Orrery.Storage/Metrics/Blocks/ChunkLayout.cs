using Orrery.Signals.Metrics;
using Orrery.Storage.Encodings;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// Lays out one series' chunks in a block's chunks file. Float samples are decoded, joined across
/// the incoming chunks and cut again every <see cref="ChunkSamples"/> samples counted from the
/// series' first float sample in the block, so every series scraped together (one target) cuts
/// at the same timestamps: each piece's timestamps go to the block's
/// <see cref="TimestampColumnTable"/> (stored once for all those series) and only its values,
/// in their smallest mode, to the chunks file. Histogram chunks are written as they come.
/// </summary>
internal sealed class ChunkLayout(FileStream chunks, TimestampColumnTable columns)
{
    /// <summary>
    /// Samples a float chunk holds in a block: twice the head's chunk, so the fixed cost of a
    /// chunk (header, CRC, first value, index entry: ~12 bytes) is ~0.4 bit a sample, while a
    /// seek still decodes at most one hour of 15 s samples.
    /// </summary>
    public const int ChunkSamples = 2 * XorChunk.TargetSamples;

    private readonly ByteBuffer _record = new(4096);
    private readonly List<ChunkMeta> _metas = [];
    private readonly List<long> _times = [];
    private readonly List<double> _values = [];

    public long SeriesSamples { get; private set; }

    public void BeginSeries()
    {
        _metas.Clear();
        _times.Clear();
        _values.Clear();
        SeriesSamples = 0;
    }

    public void Add(EncodedChunk chunk)
    {
        var bytes = chunk.Bytes.Span;
        if (Chunks.SampleCount(bytes) == 0) return;
        if (Chunks.EncodingOf(bytes) == ChunkEncoding.Histogram)
        {
            FlushFloats();
            Write(bytes, chunk.MinTimeMs, chunk.MaxTimeMs, -1);
            SeriesSamples += Chunks.SampleCount(bytes);
            return;
        }
        var it = Chunks.Iterate(chunk.Bytes);
        while (it.Next() == SampleKind.Float)
        {
            if (_times.Count > 0 && it.TimestampMs <= _times[^1]) throw new ArgumentException("float samples out of order across chunks");
            _times.Add(it.TimestampMs);
            _values.Add(it.Value);
        }
    }

    public List<ChunkMeta> EndSeries()
    {
        FlushFloats();
        return _metas;
    }

    private void FlushFloats()
    {
        var times = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_times);
        var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values);
        for (var start = 0; start < times.Length; start += ChunkSamples)
        {
            var n = Math.Min(ChunkSamples, times.Length - start);
            var t = times.Slice(start, n);
            var column = TimestampColumn.Encode(t);
            var id = columns.Intern(column, t[0], t[^1], n);
            var chunk = XorChunk.EncodeValues(t, values.Slice(start, n), column);
            Write(chunk.Bytes.Span, t[0], t[^1], id);
        }
        SeriesSamples += times.Length;
        _times.Clear();
        _values.Clear();
    }

    private void Write(ReadOnlySpan<byte> bytes, long min, long max, int column)
    {
        _record.Clear();
        _record.WriteBytes(bytes);
        _record.WriteUInt32(Crc32C.Compute(bytes));
        _metas.Add(new ChunkMeta(min, max, chunks.Position, bytes.Length, column));
        chunks.Write(_record.Written);
    }
}
