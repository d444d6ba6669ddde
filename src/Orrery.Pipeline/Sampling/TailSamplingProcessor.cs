using System.Runtime.InteropServices;
using Orrery.Pipeline.Components;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// The <c>tail_sampling</c> processor: holds spans per (tenant, trace) until
/// <see cref="TailSamplingSettings.DecisionWait"/> after the trace's first span, then lets the
/// policies decide and forwards the kept traces' spans. Late spans of a decided trace follow the
/// decision (remembered in bounded caches). When <see cref="TailSamplingSettings.NumTraces"/>
/// undecided traces are held, the oldest is decided early and counted, never silently lost.
/// </summary>
/// <remarks>
/// <para><b>Acknowledgement.</b> <see cref="ConsumeAsync"/> completes once the spans are
/// buffered, so the receiver acknowledges spans that are not yet durable: a crash before the
/// decision loses up to decision_wait of buffered traces, and a downstream failure after it is
/// only counted (<c>orrery_tail_sampling_forward_failed_spans</c>). Holding the export until the
/// decision's write would block every exporter for decision_wait. Late spans of kept traces are
/// forwarded inside the call, so their acknowledgement is durable.</para>
/// <para><b>Head sampling.</b> The collector's tail sampler ignores the W3C sampled flag.
/// Orrery respects it (<see cref="TailSamplingSettings.RespectSampledFlag"/>): a span whose
/// flags field is set but whose sampled bit is clear was sampled out upstream and is dropped
/// before buffering; flags 0 means "not known" (OTLP before 1.1) and goes to the policies.</para>
/// <para>Policies run under one lock, in decision rounds driven by a timer on the pipeline clock
/// (every second, as the collector ticks); tests call <see cref="DecideDueAsync"/> directly.</para>
/// </remarks>
public sealed partial class TailSamplingProcessor : ITraceConsumer, ITraceDecisions, IAsyncDisposable
{
    private const uint SampledFlag = 0x01;
    // Sends of one decision round in flight at once: the next stage's work on one batch (a store's
    // WAL append) overlaps with the next batch's (its encoding), on a second core when there is one.
    private static readonly int MaxForwardsInFlight = Math.Max(2, Environment.ProcessorCount);
    // Completed batches per step of a big decision round (see DecideAsync): a few milliseconds of a store's work.
    private const int StepBatches = 16;
    // Kept rows of partly kept batches are gathered into batches of this many spans: the embedded
    // trace store's CPU per span is lowest from 500 to 2,000 spans a batch (bench/README.md,
    // "Session 9"); smaller ones pay its per-call cost, bigger ones grow its head's tables in big steps.
    internal const int DefaultGatherSpans = 1_000;

    private readonly TailSamplingSettings _settings;
    private readonly ITraceConsumer _next;
    private readonly TimeProvider _time;
    private readonly TailSamplingMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _tenantNumbers = new(StringComparer.Ordinal);
    private readonly List<string> _tenantNames = [];
    private readonly HeldTraces _held = new();
    private readonly HeldBatchTable _batches = new();
    // The one trace the policies look at, filled from the tables when a trace is decided (under the lock).
    private readonly BufferedTrace _view = new();
    private readonly ScratchBatchPool _scratch = new(MaxForwardsInFlight + 1);
    // A store keeps the batches it is given (its head holds them until a cut): gathered rows then go
    // on in exact-size copies, and only a stage that reads and lets go gets the pooled scratch itself.
    private readonly bool _nextKeepsBatches;
    private readonly int _gatherSpans;
    private long _arrivals;
    private readonly DecisionCache _kept;
    private readonly DecisionCache _dropped;
    private readonly PeriodicWork? _timer;
    private readonly IDisposable? _registration;
    private ITraceDecisionListener[] _listeners = [];
    private int _undecided;
    private int _disposed;

    public TailSamplingProcessor(TailSamplingSettings settings, ITraceConsumer next, PipelineContext context, string componentId = "tail_sampling", bool startTimer = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        _settings = settings;
        _next = next;
        _nextKeepsBatches = next is not Configuration.IReadOnlyTraceConsumer;
        _gatherSpans = settings.GatherSpans;
        _time = context.Time;
        _kept = new DecisionCache(settings.SampledCacheSize);
        _dropped = new DecisionCache(settings.NonSampledCacheSize);
        _metrics = new TailSamplingMetrics(context.Meter, componentId, () => Volatile.Read(ref _undecided));
        _registration = TraceDecisionRegistry.For(context).Register(componentId, this);
        // Tick at least as often as the decision wait, so a short wait is honoured.
        var tick = settings.DecisionWait < TimeSpan.FromSeconds(1) ? TimeSpan.FromMilliseconds(Math.Max(10, settings.DecisionWait.TotalMilliseconds)) : TimeSpan.FromSeconds(1);
        _timer = PeriodicWork.Start(startTimer, _time, tick, DecideDueAsync);
    }

    /// <summary>Undecided traces held now.</summary>
    public int BufferedTraces => Volatile.Read(ref _undecided);

    public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        var round = new DecisionRound(WantsDecisions());
        List<int>? lateKept = null;
        HeldBatch? holder = null;
        int lateDropped = 0, headDropped = 0;
        lock (_lock)
        {
            var tenantNumber = TenantNumber(tenant);
            var now = NowMs();
            var spans = batch.Spans.AsSpan();
            // Spans of one trace often sit side by side in a batch: the previous row's trace saves a lookup.
            var lastId = default(TraceId);
            var lastTrace = -1L;
            for (var row = 0; row < spans.Length; row++)
            {
                ref var span = ref spans[row];
                if (_settings.RespectSampledFlag && span.Flags != 0 && (span.Flags & SampledFlag) == 0)
                {
                    headDropped++;
                    continue;
                }
                long trace;
                if (lastTrace >= 0 && span.TraceId == lastId)
                {
                    trace = lastTrace;
                }
                else if (!_held.TryFind(tenantNumber, span.TraceId, out trace))
                {
                    var key = new TenantTrace(tenantNumber, span.TraceId);
                    if (_kept.Contains(key))
                    {
                        (lateKept ??= []).Add(row);
                        continue;
                    }
                    if (_dropped.Contains(key))
                    {
                        lateDropped++;
                        continue;
                    }
                    if (_held.Count >= _settings.NumTraces)
                    {
                        DecideOldestEarly(ref round, now);
                        lastTrace = -1; // it may have been the one decided
                    }
                    trace = _held.Start(tenantNumber, span.TraceId, now);
                }
                if (holder is null)
                {
                    holder = new HeldBatch(tenant, batch) { Arrival = _arrivals++ };
                    holder.Number = _batches.Add(holder);
                }
                holder.Hold(row);
                _held.AddSpan(trace, holder.Number, row);
                lastId = span.TraceId;
                lastTrace = trace;
            }
            // Traces decided early may already have settled every row held from this batch.
            if (holder is not null && holder.Close()) Complete(holder, ref round);
            // Writers decide what has become due themselves, so forwarding runs on as many threads
            // as write, in receiver-sized steps, and ingest cannot outrun the next stage; the
            // timer covers the quiet times.
            DecideDueLocked(ref round, now, all: false);
            Volatile.Write(ref _undecided, _held.Count);
        }
        _metrics.Add(_metrics.HeadUnsampled, headDropped);
        _metrics.Late(kept: false, lateDropped);
        Notify(round.Decisions);
        // Traces decided early belong to earlier exports: their failures are counted, not ours.
        await ForwardAsync(round, gatherer: null, lastStep: true).ConfigureAwait(false);
        if (lateKept is null) return;
        _metrics.Late(kept: true, lateKept.Count);
        if (holder is null && lateKept.Count == batch.Count)
        {
            await _next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        var copy = new SpanBatchCopier(new SpanBatch());
        foreach (var row in lateKept) copy.CopySpan(batch, row);
        await _next.ConsumeAsync(tenant, copy.Destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decides every trace whose decision_wait has passed and forwards the kept ones. The timer calls this; tests call it after moving the clock.</summary>
    public Task DecideDueAsync() => DecideAsync(all: false);

    /// <summary>Decides every held trace now (shutdown, reload): nothing buffered is lost by stopping.</summary>
    public Task DecideAllAsync() => DecideAsync(all: true);

    public bool? IsKept(string tenant, TraceId traceId)
    {
        lock (_lock)
        {
            // A tenant never seen has nothing held or decided.
            if (!_tenantNumbers.TryGetValue(tenant, out var number)) return null;
            if (_held.Contains(number, traceId)) return null;
            var key = new TenantTrace(number, traceId);
            if (_kept.Contains(key)) return true;
            if (_dropped.Contains(key)) return false;
            return null;
        }
    }

    public IDisposable Subscribe(ITraceDecisionListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_lock) _listeners = [.. _listeners, listener];
        return new Unsubscriber(this, listener);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        await DecideAllAsync().ConfigureAwait(false);
        _registration?.Dispose();
    }

    /// <summary>
    /// Decides in steps of <see cref="StepBatches"/> completed batches: while one step's batches
    /// go downstream (a store's encoding and WAL append), the next step is decided on another
    /// core, instead of the next stage waiting for every decision of a big round (the round at
    /// shutdown or reload decides everything held). The kept rows of partly kept batches are
    /// gathered across the steps: the round sends them in batches of the gather size, not one
    /// small batch per step.
    /// </summary>
    private async Task DecideAsync(bool all)
    {
        var forwarding = Task.CompletedTask;
        var gatherer = NewGatherer();
        while (true)
        {
            var round = new DecisionRound(WantsDecisions());
            bool more;
            lock (_lock)
            {
                more = DecideDueLocked(ref round, NowMs(), all, StepBatches);
                Volatile.Write(ref _undecided, _held.Count);
            }
            Notify(round.Decisions);
            await forwarding.ConfigureAwait(false);
            if (!more)
            {
                // The last (usually the only) step goes on from the caller's own thread.
                await ForwardAsync(round, gatherer, lastStep: true).ConfigureAwait(false);
                return;
            }
            forwarding = Task.Run(() => ForwardAsync(round, gatherer, lastStep: false));
        }
    }

    /// <summary>
    /// Decides every trace whose decision_wait has passed (or all of them), oldest first, until
    /// <paramref name="maxCompleted"/> held batches are complete; true when it stopped there with
    /// more to decide. Under the lock.
    /// </summary>
    private bool DecideDueLocked(ref DecisionRound round, long now, bool all, int maxCompleted = int.MaxValue)
    {
        var wait = (long)_settings.DecisionWait.TotalMilliseconds;
        while (_held.TryPeekOldest(out _, out var arrivedMs) && (all || arrivedMs + wait <= now))
        {
            if (round.Completed is { } completed && completed.Count >= maxCompleted) return true;
            DecideOldest(ref round, now);
        }
        return false;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private int TenantNumber(string tenant)
    {
        if (!_tenantNumbers.TryGetValue(tenant, out var number))
        {
            number = _tenantNames.Count;
            _tenantNames.Add(tenant);
            _tenantNumbers.Add(tenant, number);
        }
        return number;
    }

    private sealed class Unsubscriber(TailSamplingProcessor owner, ITraceDecisionListener listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock) owner._listeners = owner._listeners.Where(l => !ReferenceEquals(l, listener)).ToArray();
        }
    }
}
