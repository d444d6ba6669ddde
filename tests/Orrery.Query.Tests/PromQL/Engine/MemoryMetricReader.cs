using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Query.Tests.PromQL.Engine;

/// <summary>An in-memory <see cref="IMetricReader"/> over float series, counting Select calls.</summary>
internal sealed class MemoryMetricReader : IMetricReader
{
    private readonly List<MemorySeries> _series = [];

    public int SelectCalls { get; private set; }

    /// <summary>Blocks Select until the token is cancelled (to exercise timeouts).</summary>
    public bool BlockUntilCancelled { get; set; }

    /// <summary>Adds a series from <c>name</c> and label pairs with samples (ms, value).</summary>
    public MemoryMetricReader Add(string name, (string Name, string Value)[] labels, params (long T, double V)[] samples)
    {
        var all = labels.Append((LabelSet.MetricName, name)).ToArray();
        _series.Add(new MemorySeries(LabelSet.From(all), samples));
        return this;
    }

    public MemoryMetricReader Add(string name, params (long T, double V)[] samples) => Add(name, [], samples);

    public IReadOnlyList<StoredSeries> Select(string tenant, IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, int maxSeries, CancellationToken cancellationToken = default)
    {
        SelectCalls++;
        if (BlockUntilCancelled)
        {
            cancellationToken.WaitHandle.WaitOne();
            cancellationToken.ThrowIfCancellationRequested();
        }
        var result = _series
            .Where(s => s.Labels.Matches(matchers) && s.Samples.Any(p => p.T >= minTimeMs && p.T <= maxTimeMs))
            .OrderBy(s => s.Labels)
            .ToList<StoredSeries>();
        if (result.Count > maxSeries) throw new MetricLimitException($"the query selects more than {maxSeries} series");
        return result;
    }

    public IReadOnlyList<string> LabelNames(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit) => throw new NotSupportedException();

    public IReadOnlyList<string> LabelValues(string tenant, string name, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit) => throw new NotSupportedException();

    public IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit) => throw new NotSupportedException();

    public IReadOnlyList<SeriesExemplars> Exemplars(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs) => throw new NotSupportedException();

    public IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> Metadata(string tenant, string? metric, int limit) => throw new NotSupportedException();

    public TsdbStatus Status(string tenant, int limit) => throw new NotSupportedException();

    private sealed class MemorySeries(LabelSet labels, (long T, double V)[] samples) : StoredSeries(labels)
    {
        public (long T, double V)[] Samples { get; } = samples;

        public override ISampleIterator Iterator() => new Iterator(Samples);
    }

    private sealed class Iterator((long T, double V)[] samples) : ISampleIterator
    {
        private int _i = -1;

        public long TimestampMs => samples[_i].T;

        public double Value => samples[_i].V;

        public SampleKind Next() => ++_i < samples.Length ? SampleKind.Float : End();

        public SampleKind Seek(long timestampMs)
        {
            if (_i >= samples.Length) return SampleKind.None;
            if (_i < 0) _i = 0;
            while (_i < samples.Length && samples[_i].T < timestampMs) _i++;
            return _i < samples.Length ? SampleKind.Float : End();
        }

        public NativeHistogram Histogram(NativeHistogram? into = null) => throw new InvalidOperationException("float series");

        private SampleKind End()
        {
            _i = samples.Length;
            return SampleKind.None;
        }
    }
}
