using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// Rebuilding the head on start: from the checkpoint, then from WAL records. Runs on one thread
/// before the store is ready. Applying is idempotent (a series defined twice is one series, a
/// sample already present is a duplicate, an exemplar not newer than its series' newest is
/// skipped), which is what lets a checkpoint and the WAL records after it overlap.
/// </summary>
internal sealed partial class TenantHead : IMetricRecordSink
{
    /// <summary>WAL ids that name a series already known under another id (it was dropped and came back).</summary>
    private readonly Dictionary<int, HeadSeries> _aliases = new();

    /// <summary>Records that referred to a series no record defined (their definition was in a lost segment).</summary>
    public long UnknownSeriesReferences { get; private set; }

    public long ReplayedSamples { get; private set; }

    public HeadSeries DefineSeries(int id, Label[] labels)
    {
        lock (AppendLock)
        {
            if (_byId.TryGetValue(id, out var known) || _aliases.TryGetValue(id, out known)) return known;
            var tuples = new (string, string)[labels.Length];
            for (var i = 0; i < labels.Length; i++) tuples[i] = (labels[i].Name, labels[i].Value);
            var hash = LabelHasher.Hash(tuples);
            var existing = Find(labels, hash);
            if (existing is not null)
            {
                _aliases[id] = existing;
                if (id >= _nextId) _nextId = id + 1;
                return existing;
            }
            var series = Create(id, hash, labels);
            series.Logged = true;
            return series;
        }
    }

    void IMetricRecordSink.DefineSeries(int id, Label[] labels) => DefineSeries(id, labels);

    void IMetricRecordSink.Sample(int id, long timestampMs, double value)
    {
        if (Lookup(id) is not { } series) return;
        lock (AppendLock) Track(series.AppendFloat(timestampMs, value, _blockRangeMs, _oooWindowMs, ChunkFiles), timestampMs);
    }

    void IMetricRecordSink.Histogram(int id, long timestampMs, NativeHistogram histogram)
    {
        if (Lookup(id) is not { } series) return;
        lock (AppendLock) Track(series.AppendHistogram(timestampMs, histogram, _blockRangeMs, _oooWindowMs, ChunkFiles), timestampMs);
    }

    void IMetricRecordSink.Exemplar(int id, long timestampMs, double value, LabelSet labels)
    {
        if (Lookup(id) is not { } series) return;
        Exemplars.Add(series, timestampMs, value, labels);
    }

    void IMetricRecordSink.Metadata(string family, MetricMetadata metadata) => Metadata.Set(family, metadata);

    /// <summary>Restores a series' checkpointed chunks, oldest first.</summary>
    public void RestoreChunks(HeadSeries series, ChunkRef[] chunks)
    {
        if (chunks.Length == 0) return;
        series.RestoreChunks(chunks, ChunkFiles);
        lock (AppendLock)
        {
            _minTime = Math.Min(_minTime, chunks.Min(c => c.MinTimeMs));
            _maxTime = Math.Max(_maxTime, chunks.Max(c => c.MaxTimeMs));
        }
    }

    /// <summary>Re-appends a checkpointed out-of-order sample.</summary>
    public void Restore(HeadSeries series, long timestampMs, double value, NativeHistogram? histogram)
    {
        lock (AppendLock)
        {
            Track(histogram is null
                ? series.AppendFloat(timestampMs, value, _blockRangeMs, _oooWindowMs, ChunkFiles)
                : series.AppendHistogram(timestampMs, histogram, _blockRangeMs, _oooWindowMs, ChunkFiles), timestampMs);
        }
    }

    /// <summary>A series that owns exemplars but has left the head: labelled, but in no index.</summary>
    public HeadSeries Detached(Label[] labels)
    {
        var tuples = labels.Select(l => (l.Name, l.Value)).ToArray();
        var hash = LabelHasher.Hash(tuples);
        lock (AppendLock)
        {
            if (Find(labels, hash) is { } live) return live;
            _index.EnterWriteLock();
            try
            {
                var pairs = new int[labels.Length * 2];
                var metricName = -1;
                for (var i = 0; i < labels.Length; i++)
                {
                    pairs[2 * i] = Symbols.Intern(labels[i].Name);
                    pairs[(2 * i) + 1] = Symbols.Intern(labels[i].Value);
                    if (labels[i].Name == LabelSet.MetricName) metricName = pairs[(2 * i) + 1];
                }
                return new HeadSeries(-1, pairs, metricName);
            }
            finally
            {
                _index.ExitWriteLock();
            }
        }
    }

    /// <summary>Replay is over: aliases only served records written before a series came back.</summary>
    public void FinishReplay()
    {
        lock (AppendLock) _aliases.Clear();
    }

    public void RaiseNextId(int nextId)
    {
        lock (AppendLock) _nextId = Math.Max(_nextId, nextId);
    }

    private HeadSeries? Lookup(int id)
    {
        lock (AppendLock)
        {
            if (_byId.TryGetValue(id, out var series) || _aliases.TryGetValue(id, out series)) return series;
        }
        UnknownSeriesReferences++;
        return null;
    }

    private void Track(AppendOutcome outcome, long timestampMs)
    {
        if (outcome is not (AppendOutcome.Appended or AppendOutcome.AppendedOutOfOrder)) return;
        ReplayedSamples++;
        _maxTime = Math.Max(_maxTime, timestampMs);
        _minTime = Math.Min(_minTime, timestampMs);
    }
}
