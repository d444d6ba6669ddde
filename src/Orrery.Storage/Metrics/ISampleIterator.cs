using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics;

/// <summary>What an iterator is positioned on.</summary>
public enum SampleKind : byte
{
    /// <summary>Exhausted.</summary>
    None,
    Float,
    Histogram,
}

/// <summary>
/// Walks one series' samples in timestamp order, each timestamp once (Prometheus's
/// <c>chunkenc.Iterator</c>). Decodes chunks lazily: PromQL reads a series once per query and
/// seeks forward step by step, so nothing is materialised per sample.
/// </summary>
public interface ISampleIterator
{
    /// <summary>Moves to the next sample.</summary>
    SampleKind Next();

    /// <summary>
    /// Moves to the first sample at or after <paramref name="timestampMs"/>; stays put if the
    /// current sample already qualifies (never moves backwards).
    /// </summary>
    SampleKind Seek(long timestampMs);

    long TimestampMs { get; }

    /// <summary>The float value when positioned on <see cref="SampleKind.Float"/> (may be <see cref="StaleMarker"/>).</summary>
    double Value { get; }

    /// <summary>
    /// The histogram when positioned on <see cref="SampleKind.Histogram"/>. Filled into
    /// <paramref name="into"/> (or a new instance) and valid until the next move.
    /// </summary>
    NativeHistogram Histogram(NativeHistogram? into = null);
}
