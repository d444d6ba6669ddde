using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;

namespace Orrery.Storage.Logs;

/// <summary>
/// The boundary between LogQL and the Loki API on one side and log storage on the other; the
/// embedded store implements it, a ClickHouse backend later. Every call is scoped to one
/// tenant; times are Unix nanoseconds (<see cref="TimeRange"/>, inclusive).
/// </summary>
public interface ILogReader
{
    /// <summary>
    /// The streams matching the request's selector that have lines in its range. Streams come
    /// in no particular order; each stream's cursor yields its lines in the request's
    /// direction (head and blocks merged, each line once). Storage uses the request's hints
    /// (required substrings, trace id) only to skip chunks that cannot match: the caller still
    /// applies its filters to every line it gets.
    /// </summary>
    IEnumerable<LogStreamCursor> Select(string tenant, LogSelectRequest request, CancellationToken cancellationToken = default);

    /// <summary>Label names of streams with lines in the range (matching <paramref name="matchers"/> when given), sorted.</summary>
    IReadOnlyList<string> LabelNames(string tenant, TimeRange range, IReadOnlyList<LabelMatcher>? matchers = null);

    /// <summary>Values of one label over streams in the range (matching <paramref name="matchers"/> when given), sorted.</summary>
    IReadOnlyList<string> LabelValues(string tenant, string name, TimeRange range, IReadOnlyList<LabelMatcher>? matchers = null);

    /// <summary>Label sets of streams in the range matching any of the selectors.</summary>
    IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, TimeRange range);

    /// <summary>Loki's <c>/index/stats</c>: streams, chunks, lines and bytes for a selector over a range.</summary>
    LogIndexStats IndexStats(string tenant, IReadOnlyList<LabelMatcher> matchers, TimeRange range);
}

/// <summary>An embedded log store: started (WAL replayed) before use, flushed on dispose.</summary>
public interface ILogStore : ILogConsumer, ILogReader, IAsyncDisposable
{
    Task StartAsync(CancellationToken cancellationToken = default);

    bool IsReady { get; }
}

public enum LogDirection
{
    /// <summary>Oldest first.</summary>
    Forward,
    /// <summary>Newest first (Loki's default).</summary>
    Backward,
}

/// <param name="Matchers">The stream selector (at least one matcher).</param>
/// <param name="RequiredSubstrings">Byte strings every wanted line contains (from <c>|=</c> filters): lets chunk token blooms skip chunks.</param>
/// <param name="TraceId">When set, only lines of this trace are wanted: the trace index finds their chunks without a scan.</param>
public sealed record LogSelectRequest(
    IReadOnlyList<LabelMatcher> Matchers,
    TimeRange Range,
    LogDirection Direction,
    IReadOnlyList<byte[]>? RequiredSubstrings = null,
    TraceId? TraceId = null);

/// <summary>
/// One stream's lines in order. <see cref="Line"/> and the metadata stay valid until the next
/// <see cref="MoveNext"/>; copy what you keep.
/// </summary>
public abstract class LogStreamCursor(LabelSet labels) : IDisposable
{
    public LabelSet Labels { get; } = labels;

    public abstract bool MoveNext();

    public abstract long TimestampNs { get; }

    public abstract ReadOnlySpan<byte> Line { get; }

    /// <summary>Structured metadata of the current line (including <c>trace_id</c>/<c>span_id</c> when set).</summary>
    public abstract int MetadataCount { get; }

    public abstract ReadOnlySpan<byte> MetadataName(int index);

    public abstract ReadOnlySpan<byte> MetadataValue(int index);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

public readonly record struct LogIndexStats(long Streams, long Chunks, long Entries, long Bytes);
