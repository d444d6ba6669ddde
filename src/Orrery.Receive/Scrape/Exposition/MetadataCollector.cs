using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape.Exposition;

/// <summary>
/// Gathers the <c>TYPE</c>, <c>HELP</c> and <c>UNIT</c> lines of one family (they come together,
/// before its samples) into one <see cref="MetadataRow"/> per family.
/// </summary>
internal ref struct MetadataCollector
{
    private ReadOnlySpan<byte> _family;
    private MetricType _type;
    private ReadOnlySpan<byte> _help;
    private ReadOnlySpan<byte> _unit;

    /// <summary>Takes a metadata entry of <paramref name="reader"/>; a new family flushes the previous one.</summary>
    public void Observe(ref ExpositionReader reader, MetricBatch batch)
    {
        if (!reader.FamilyName.SequenceEqual(_family)) Flush(batch);
        _family = reader.FamilyName;
        switch (reader.Entry)
        {
            case ExpositionEntry.Type: _type = reader.Type; break;
            case ExpositionEntry.Help: _help = reader.RawText; break;
            case ExpositionEntry.Unit: _unit = reader.RawText; break;
        }
    }

    public void Flush(MetricBatch batch)
    {
        if (_family.IsEmpty) return;
        batch.Metadata.Add(new MetadataRow
        {
            MetricFamily = batch.Bytes.Append(_family),
            Type = _type,
            Help = AppendUnescaped(batch.Bytes, _help),
            Unit = batch.Bytes.Append(_unit),
        });
        this = default;
    }

    public static Utf8Ref AppendUnescaped(ByteArena bytes, ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0) return bytes.Append(raw);
        var start = bytes.Length;
        var n = ExpositionTokens.Unescape(raw, bytes.Reserve(raw.Length, out var reserved));
        bytes.Truncate(start + n);
        return n == 0 ? default : reserved with { Length = n };
    }
}
