using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Signals.Logs;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// The <c>trace_follow</c> logs processor: "logs follow their traces". A record with a trace id
/// is forwarded when the tail sampler kept its trace, dropped when it dropped it, and held while
/// the trace is undecided; records without a trace id pass through. Held records are released
/// when the decision is announced (forwarded on the next round, every second) or after
/// <see cref="TraceFollowSettings.MaxWait"/> (kept or dropped per <c>on_timeout</c>, counted).
/// With no tail sampler in the config every trace counts as kept, so nothing is held.
/// </summary>
/// <remarks>
/// Like the tail sampler, held records are acknowledged when held: a crash loses them, and a
/// downstream failure at release is counted (<c>orrery_trace_follow_forward_failed_records</c>).
/// </remarks>
public sealed class TraceFollowLogProcessor : ILogConsumer, ITraceDecisionListener, IAsyncDisposable
{
    private readonly TraceFollowSettings _settings;
    private readonly ILogConsumer _next;
    private readonly ITraceDecisions _decisions;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<TraceKey, HeldTrace> _held = new(TraceKeyComparer.Instance);
    private readonly Queue<HeldTrace> _arrivals = new();
    private readonly IDisposable _subscription;
    private readonly PeriodicWork? _timer;
    private readonly KeyValuePair<string, object?> _processor;
    private readonly Counter<long> _records;
    private readonly Counter<long> _forwardFailed;
    private Dictionary<string, LogBatchCopier> _ready = new(StringComparer.Ordinal);
    private int _heldRecords;
    private int _disposed;

    public TraceFollowLogProcessor(TraceFollowSettings settings, ILogConsumer next, ITraceDecisions decisions, PipelineContext context, string componentId = "trace_follow", bool startTimer = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(context);
        _settings = settings;
        _next = next;
        _decisions = decisions;
        _time = context.Time;
        _processor = new("processor", componentId);
        _records = context.Meter.CreateCounter<long>("orrery_trace_follow_records", "records", "Log records with a trace id, by outcome (kept, dropped, timeout_kept, timeout_dropped, evicted_kept, evicted_dropped).");
        _forwardFailed = context.Meter.CreateCounter<long>("orrery_trace_follow_forward_failed_records", "records", "Held records downstream refused after they had been acknowledged.");
        context.Meter.CreateObservableGauge("orrery_trace_follow_records_held", () => new Measurement<int>(Volatile.Read(ref _heldRecords), _processor), "records", "Records waiting for their trace's decision.");
        _subscription = decisions.Subscribe(this);
        _timer = PeriodicWork.Start(startTimer, _time, TimeSpan.FromSeconds(1), ReleaseDueAsync);
    }

    public int HeldRecords => Volatile.Read(ref _heldRecords);

    public async ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(batch);
        // Indexes of the records that go on now; a list per batch, not per record.
        var pass = new List<int>(batch.Count);
        int held = 0, dropped = 0, keptWithTrace = 0;
        lock (_lock)
        {
            var now = NowMs();
            var records = batch.Records.AsSpan();
            for (var i = 0; i < records.Length; i++)
            {
                var traceId = records[i].TraceId;
                if (traceId.IsEmpty)
                {
                    pass.Add(i);
                    continue;
                }
                switch (_decisions.IsKept(tenant, traceId))
                {
                    case true:
                        pass.Add(i);
                        keptWithTrace++;
                        break;
                    case false:
                        dropped++;
                        break;
                    default:
                        Hold(tenant, batch, i, now);
                        held++;
                        break;
                }
            }
        }
        Count("kept", keptWithTrace);
        Count("dropped", dropped);
        if (pass.Count == 0) return new LogWriteResult(held + dropped, 0, null);
        LogWriteResult result;
        if (pass.Count == batch.Count)
        {
            result = await _next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var copier = new LogBatchCopier(new LogBatch());
            foreach (var i in pass) copier.CopyRecord(batch, i);
            result = await _next.ConsumeAsync(tenant, copier.Destination, cancellationToken).ConfigureAwait(false);
        }
        // Held and sampled-away records are accepted: the sender must not retry them.
        return result with { AcceptedLines = result.AcceptedLines + held + dropped };
    }

    public void OnDecided(ReadOnlySpan<TraceDecision> decisions)
    {
        lock (_lock)
        {
            foreach (var d in decisions)
            {
                var key = new TraceKey(d.Tenant, d.TraceId);
                if (!_held.TryGetValue(key, out var trace)) continue;
                // Ask again rather than trust d.Kept: with several samplers another one may keep it.
                var verdict = _decisions.IsKept(d.Tenant, d.TraceId);
                if (verdict is null) continue;
                Release(key, trace, verdict.Value, verdict.Value ? "kept" : "dropped");
            }
        }
    }

    /// <summary>Releases timed-out records and forwards every kept record released since the last round. The timer calls this; tests call it directly.</summary>
    public async Task ReleaseDueAsync()
    {
        Dictionary<string, LogBatchCopier> ready;
        lock (_lock)
        {
            var now = NowMs();
            var wait = (long)_settings.MaxWait.TotalMilliseconds;
            while (_arrivals.TryPeek(out var trace) && (trace.Released || trace.HeldMs + wait <= now))
            {
                _arrivals.Dequeue();
                if (!trace.Released) Release(trace.Key, trace, _settings.KeepOnTimeout, _settings.KeepOnTimeout ? "timeout_kept" : "timeout_dropped");
            }
            ready = _ready;
            _ready = new(StringComparer.Ordinal);
        }
        foreach (var (tenant, copier) in ready)
        {
            var count = copier.Destination.Count;
            try
            {
                var result = await _next.ConsumeAsync(tenant, copier.Destination).ConfigureAwait(false);
                if (result.RejectedLines > 0) _forwardFailed.Add(result.RejectedLines, _processor);
            }
            catch (Exception)
            {
                _forwardFailed.Add(count, _processor);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        _subscription.Dispose();
        // Stopping must not lose held records: release them by the timeout rule.
        lock (_lock)
        {
            while (_arrivals.TryDequeue(out var trace))
            {
                if (!trace.Released) Release(trace.Key, trace, _settings.KeepOnTimeout, _settings.KeepOnTimeout ? "timeout_kept" : "timeout_dropped");
            }
        }
        await ReleaseDueAsync().ConfigureAwait(false);
    }

    private void Hold(string tenant, LogBatch batch, int record, long now)
    {
        if (_heldRecords >= _settings.MaxRecords) EvictOldest();
        var key = new TraceKey(tenant, batch.Records[record].TraceId);
        if (!_held.TryGetValue(key, out var trace))
        {
            trace = new HeldTrace(key, now);
            _held.Add(key, trace);
            _arrivals.Enqueue(trace);
        }
        trace.Records.Add((batch, record));
        _heldRecords++;
    }

    private void EvictOldest()
    {
        while (_arrivals.TryDequeue(out var oldest))
        {
            if (oldest.Released) continue;
            Release(oldest.Key, oldest, _settings.KeepOnTimeout, _settings.KeepOnTimeout ? "evicted_kept" : "evicted_dropped");
            return;
        }
    }

    private void Release(TraceKey key, HeldTrace trace, bool keep, string outcome)
    {
        _held.Remove(key);
        trace.Released = true;
        _heldRecords -= trace.Records.Count;
        Count(outcome, trace.Records.Count);
        if (keep)
        {
            if (!_ready.TryGetValue(key.Tenant, out var copier))
            {
                copier = new LogBatchCopier(new LogBatch());
                _ready.Add(key.Tenant, copier);
            }
            foreach (var (batch, record) in trace.Records) copier.CopyRecord(batch, record);
        }
        trace.Records.Clear();
    }

    private void Count(string outcome, int n)
    {
        if (n > 0) _records.Add(n, _processor, new("outcome", outcome));
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();


    private sealed class HeldTrace(TraceKey key, long heldMs)
    {
        public TraceKey Key { get; } = key;
        public long HeldMs { get; } = heldMs;
        public bool Released { get; set; }
        public List<(LogBatch Batch, int Record)> Records { get; } = new(2);
    }
}
