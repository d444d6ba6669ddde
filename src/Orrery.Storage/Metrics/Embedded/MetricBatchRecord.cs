using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The WAL record of one accepted batch (type <see cref="RecordType"/>; layout in README.md):
/// definitions of series the WAL has not seen yet (id + labels), then samples by series id
/// (delta-encoded id and timestamp, raw value bits: ~11 bytes a sample), histograms, exemplars
/// and metadata. Only accepted data is written, so replay reproduces the head exactly.
/// </summary>
internal sealed class MetricBatchRecord
{
    public const byte RecordType = 16;
    private const byte Version = 1;

    private readonly ByteBuffer _buffer = new(4096);
    private int _sectionStart;
    private uint _sectionCount;
    private long _previousId;
    private long _previousTimestamp;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Bytes its buffer holds before it grows.</summary>
    public int Capacity => _buffer.Capacity;

    /// <summary>Items written besides the header; 0 means there is nothing to log.</summary>
    public int Items { get; private set; }

    public void Begin(string tenant)
    {
        _buffer.Clear();
        Items = 0;
        _buffer.WriteByte(Version);
        _buffer.WriteBytes(System.Text.Encoding.ASCII.GetBytes(tenant));
    }

    /// <summary>Sections come in a fixed order: series, samples, histograms, exemplars, metadata.</summary>
    public void BeginSection()
    {
        _buffer.Reserve(4, out _sectionStart);
        _sectionCount = 0;
        _previousId = 0;
        _previousTimestamp = 0;
    }

    public void EndSection() => System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_buffer.At(_sectionStart, 4), _sectionCount);

    public void WriteSeries(int id, ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        Count();
        _buffer.WriteVarUInt((ulong)id);
        WriteLabels(bytes, labels);
    }

    /// <summary>
    /// A sample: the id delta carries a flag bit telling whether the value follows as a zig-zag
    /// varint (integral values within ±2^53, most counters: 1–4 bytes) or as raw f64 bits.
    /// </summary>
    public void WriteSample(int id, long timestampMs, double value)
    {
        Count();
        var integral = IsSmallIntegral(value);
        _buffer.WriteVarUInt((VarInt.ZigZag(id - _previousId) << 1) | (integral ? 1UL : 0UL));
        _buffer.WriteVarInt(timestampMs - _previousTimestamp);
        if (integral) _buffer.WriteVarInt((long)value);
        else _buffer.WriteUInt64(BitConverter.DoubleToUInt64Bits(value));
        _previousId = id;
        _previousTimestamp = timestampMs;
    }

    /// <summary>Exactly representable as a long and back (so not -0.0, NaN or ±Inf, which keep their bits).</summary>
    private static bool IsSmallIntegral(double value) =>
        Math.Abs(value) <= 9007199254740992.0 && value == Math.Floor(value) && (value != 0 || !double.IsNegative(value));

    public void WriteHistogram(int id, long timestampMs, NativeHistogram h)
    {
        Count();
        _buffer.WriteVarUInt((ulong)id);
        _buffer.WriteVarInt(timestampMs);
        HistogramCodec.Write(_buffer, h);
    }

    public void WriteExemplar(int id, long timestampMs, double value, ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        Count();
        _buffer.WriteVarUInt((ulong)id);
        _buffer.WriteVarInt(timestampMs);
        WriteDouble(value);
        WriteLabels(bytes, labels);
    }

    public void WriteMetadata(ReadOnlySpan<byte> family, MetricType type, ReadOnlySpan<byte> help, ReadOnlySpan<byte> unit)
    {
        Count();
        _buffer.WriteBytes(family);
        _buffer.WriteByte((byte)type);
        _buffer.WriteBytes(help);
        _buffer.WriteBytes(unit);
    }

    public static string ReadTenant(ReadOnlySpan<byte> payload)
    {
        var reader = new ByteReader(payload);
        if (reader.ReadByte() != Version) throw new InvalidDataException("unknown metric batch record version");
        return System.Text.Encoding.ASCII.GetString(reader.ReadBytes());
    }

    /// <summary>Decodes a record into <paramref name="sink"/>; <see cref="InvalidDataException"/> when malformed.</summary>
    public static void Read(ReadOnlySpan<byte> payload, IMetricRecordSink sink)
    {
        var reader = new ByteReader(payload);
        if (reader.ReadByte() != Version) throw new InvalidDataException("unknown metric batch record version");
        reader.ReadBytes();

        var n = reader.ReadUInt32();
        for (var i = 0; i < n; i++)
        {
            var id = reader.ReadCount();
            sink.DefineSeries(id, ReadLabels(ref reader));
        }

        n = reader.ReadUInt32();
        long previousId = 0, previousTimestamp = 0;
        for (var i = 0; i < n; i++)
        {
            var idField = reader.ReadVarUInt();
            previousId += VarInt.UnZigZag(idField >> 1);
            previousTimestamp += reader.ReadVarInt();
            var value = (idField & 1) != 0 ? reader.ReadVarInt() : BitConverter.UInt64BitsToDouble(reader.ReadUInt64());
            sink.Sample(checked((int)previousId), previousTimestamp, value);
        }

        n = reader.ReadUInt32();
        for (var i = 0; i < n; i++)
        {
            var id = reader.ReadCount();
            var timestamp = reader.ReadVarInt();
            sink.Histogram(id, timestamp, HistogramCodec.Read(ref reader));
        }

        n = reader.ReadUInt32();
        for (var i = 0; i < n; i++)
        {
            var id = reader.ReadCount();
            var timestamp = reader.ReadVarInt();
            var value = ReadDouble(ref reader);
            sink.Exemplar(id, timestamp, value, LabelSet.From(ReadLabels(ref reader)));
        }

        n = reader.ReadUInt32();
        for (var i = 0; i < n; i++)
        {
            var family = ReadString(ref reader);
            var type = (MetricType)reader.ReadByte();
            var help = ReadString(ref reader);
            var unit = ReadString(ref reader);
            sink.Metadata(family, new MetricMetadata(type, help, unit));
        }
        if (!reader.End) throw new InvalidDataException("trailing bytes after the metric batch record");
    }

    private void Count()
    {
        _sectionCount++;
        Items++;
    }

    private void WriteLabels(ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        _buffer.WriteVarUInt((ulong)labels.Length);
        foreach (ref readonly var label in labels)
        {
            _buffer.WriteBytes(bytes.Get(label.Name));
            _buffer.WriteBytes(bytes.Get(label.Value));
        }
    }

    private void WriteDouble(double value) => HistogramCodec.WriteDouble(_buffer, value);

    private static double ReadDouble(ref ByteReader reader) => HistogramCodec.ReadDouble(ref reader);

    private static string ReadString(ref ByteReader reader) => System.Text.Encoding.UTF8.GetString(reader.ReadBytes());

    internal static Label[] ReadLabels(ref ByteReader reader)
    {
        var count = reader.ReadCount();
        if (count > 10_000) throw new InvalidDataException("label count out of range");
        var labels = new Label[count];
        for (var i = 0; i < count; i++) labels[i] = new Label(ReadString(ref reader), ReadString(ref reader));
        return labels;
    }
}

/// <summary>Receives what <see cref="MetricBatchRecord.Read"/> decodes, in record order.</summary>
internal interface IMetricRecordSink
{
    void DefineSeries(int id, Label[] labels);

    void Sample(int id, long timestampMs, double value);

    void Histogram(int id, long timestampMs, NativeHistogram histogram);

    void Exemplar(int id, long timestampMs, double value, LabelSet labels);

    void Metadata(string family, MetricMetadata metadata);
}
