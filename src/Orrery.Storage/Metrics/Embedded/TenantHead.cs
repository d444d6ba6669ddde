using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// One tenant's in-memory TSDB head and its blocks: series registry (hash of the label bytes →
/// series), symbols, postings, exemplars and metadata.
/// </summary>
/// <remarks>
/// Locks: <see cref="AppendLock"/> serializes writers (one batch at a time, so WAL order equals
/// apply order) and guards the hash registry; the index lock guards postings, the id map and the
/// symbol dictionary (writers take it only to add or remove series, readers to match); each
/// series guards its own chunks.
/// </remarks>
internal sealed partial class TenantHead
{
    private readonly MetricStorageOptions _options;
    private readonly MetricStoreInstruments _instruments;
    private readonly ReaderWriterLockSlim _index = new(LockRecursionPolicy.NoRecursion);
    private readonly HeadPostings _postings = new();
    private readonly SeriesByHash _byHash = new();
    private readonly SeriesById _byId = new();
    private readonly Dictionary<int, int> _seriesPerMetric = new();
    private readonly long _blockRangeMs;
    private readonly long _oooWindowMs;
    private int _nextId = 1;
    private int _recordStamp;
    private long _minTime = long.MaxValue;
    private long _maxTime = long.MinValue;

    /// <param name="directory">The tenant's directory: blocks in <c>blocks/</c>, closed head chunks in <c>chunks_head/</c>.</param>
    public TenantHead(string tenant, string directory, MetricStorageOptions options, MetricStoreInstruments instruments)
    {
        Tenant = tenant;
        BlocksDirectory = Path.Combine(directory, "blocks");
        ChunkFiles = new HeadChunkFiles(Path.Combine(directory, HeadChunkFiles.DirectoryName), options.HeadChunkSegmentBytes);
        _options = options;
        _instruments = instruments;
        _blockRangeMs = (long)options.BlockRange.TotalMilliseconds;
        _oooWindowMs = (long)options.OutOfOrderWindow.TotalMilliseconds;
        Exemplars = new ExemplarBuffer(options.MaxExemplars);
    }

    public string Tenant { get; }

    public string BlocksDirectory { get; }

    /// <summary>Where closed head chunks' bytes are; every <see cref="HeadSeries"/> chunk call takes it.</summary>
    public HeadChunkFiles ChunkFiles { get; }

    public Lock AppendLock { get; } = new();

    public SymbolTable Symbols { get; } = new();

    public ExemplarBuffer Exemplars { get; }

    public TenantMetadata Metadata { get; } = new();

    public TenantBlocks Blocks { get; } = new();

    public long BlockRangeMs => _blockRangeMs;

    /// <summary>The next id to assign; persisted by checkpoints so ids are never reused.</summary>
    public int NextId
    {
        get
        {
            lock (AppendLock) return _nextId;
        }
    }

    public int SeriesCount
    {
        get
        {
            _index.EnterReadLock();
            try
            {
                return _byId.Count;
            }
            finally
            {
                _index.ExitReadLock();
            }
        }
    }

    /// <summary>Oldest and newest sample time in the head (long.MaxValue/MinValue when empty).</summary>
    public (long Min, long Max) TimeRange => (Volatile.Read(ref _minTime), Volatile.Read(ref _maxTime));

    /// <summary>The series with <paramref name="labels"/> (from a batch), or null when new.</summary>
    /// <remarks>Reads <c>_byId</c> under the append lock alone: every writer of it holds that lock too.</remarks>
    private HeadSeries? Find(ByteArena bytes, ReadOnlySpan<LabelRow> labels, ulong hash)
    {
        foreach (var id in _byHash.Find(hash))
        {
            if (_byId.TryGetValue(id, out var s) && LabelHasher.Equal(bytes, labels, s.Labels, Symbols)) return s;
        }
        return null;
    }

    private HeadSeries? Find(Label[] labels, ulong hash)
    {
        foreach (var id in _byHash.Find(hash))
        {
            if (!_byId.TryGetValue(id, out var s) || s.Labels.Length != labels.Length * 2) continue;
            var equal = true;
            for (var i = 0; i < labels.Length && equal; i++)
            {
                equal = Symbols[s.Labels[2 * i]] == labels[i].Name && Symbols[s.Labels[(2 * i) + 1]] == labels[i].Value;
            }
            if (equal) return s;
        }
        return null;
    }

    /// <summary>Adds a series (labels sorted by name). Caller holds the append lock.</summary>
    private HeadSeries Create(int id, ulong hash, Label[] labels)
    {
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
            var series = new HeadSeries(id, pairs, metricName);
            _byHash.Add(hash, id);
            _byId.Set(id, series);
            _postings.Add(id, pairs);
            _seriesPerMetric[metricName] = _seriesPerMetric.GetValueOrDefault(metricName) + 1;
            if (id >= _nextId) _nextId = id + 1;
            _instruments.SeriesCreated.Add(1);
            return series;
        }
        finally
        {
            _index.ExitWriteLock();
        }
    }

    /// <summary>
    /// Drops series with nothing left in the head (after a cut), so the active-series count and
    /// memory follow what is live. Caller holds the append lock. Their ids are never reused.
    /// </summary>
    public int CollectGarbage()
    {
        var dead = new List<HeadSeries>();
        _index.EnterReadLock();
        try
        {
            foreach (var s in _byId.Values)
            {
                if (s.IsEmpty) dead.Add(s);
            }
        }
        finally
        {
            _index.ExitReadLock();
        }
        if (dead.Count == 0) return 0;
        _index.EnterWriteLock();
        try
        {
            _byHash.RemoveAll(dead.Select(s => s.Id).ToHashSet());
            foreach (var s in dead)
            {
                _byId.Remove(s.Id);
                var left = _seriesPerMetric[s.MetricName] - 1;
                if (left == 0) _seriesPerMetric.Remove(s.MetricName);
                else _seriesPerMetric[s.MetricName] = left;
            }
            _postings.Remove(dead);
        }
        finally
        {
            _index.ExitWriteLock();
        }
        return dead.Count;
    }

    /// <summary>Recomputes the head's oldest sample time after a cut. Caller holds the append lock.</summary>
    public void RecomputeMinTime()
    {
        var min = long.MaxValue;
        foreach (var s in SnapshotSeries())
        {
            s.Measure(out _, out var m);
            min = Math.Min(min, m);
        }
        _minTime = min;
    }

    /// <summary>Every head series now (a copy, taken under the index lock).</summary>
    public List<HeadSeries> SnapshotSeries()
    {
        _index.EnterReadLock();
        try
        {
            return _byId.Values.ToList();
        }
        finally
        {
            _index.ExitReadLock();
        }
    }

    /// <summary>Head series matching every matcher, by id order.</summary>
    public List<HeadSeries> Match(IReadOnlyList<LabelMatcher> matchers)
    {
        _index.EnterReadLock();
        try
        {
            var ids = _postings.Match(matchers, Symbols);
            var result = new List<HeadSeries>(ids.Length);
            foreach (var id in ids) result.Add(_byId[id]);
            return result;
        }
        finally
        {
            _index.ExitReadLock();
        }
    }

    /// <summary>Runs <paramref name="read"/> over the postings under the index read lock.</summary>
    public T ReadIndex<T>(Func<HeadPostings, T> read)
    {
        _index.EnterReadLock();
        try
        {
            return read(_postings);
        }
        finally
        {
            _index.ExitReadLock();
        }
    }

    public LabelSet LabelsOf(HeadSeries series)
    {
        var labels = new Label[series.Labels.Length / 2];
        for (var i = 0; i < labels.Length; i++) labels[i] = new Label(Symbols[series.Labels[2 * i]], Symbols[series.Labels[(2 * i) + 1]]);
        return LabelSet.FromSorted(labels);
    }

    public string MetricNameOf(HeadSeries series) => series.MetricName < 0 ? "" : Symbols[series.MetricName];
}
