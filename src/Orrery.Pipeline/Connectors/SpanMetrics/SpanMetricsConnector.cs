using System.Diagnostics.Metrics;
using System.Text;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Sampling;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Connectors.SpanMetrics;

/// <summary>
/// The <c>spanmetrics</c> connector: RED metrics from every span it sees (put it before tail
/// sampling so the numbers stay true), named as Tempo's metrics generator names them:
/// <c>traces_spanmetrics_calls_total</c> and <c>traces_spanmetrics_latency</c> (classic
/// <c>_bucket/_sum/_count</c> in seconds, or a native histogram), labelled <c>service</c>,
/// <c>span_name</c>, <c>span_kind</c>, <c>status_code</c> and the configured dimensions.
/// Cumulative values live in memory and go to the metrics consumer every flush interval.
/// Histogram exemplars come only from traces the tail sampler kept (see <see cref="ExemplarSlots"/>).
/// </summary>
public sealed class SpanMetricsConnector : IReadOnlyTraceConsumer, IAsyncDisposable
{
    public const string CallsMetric = "traces_spanmetrics_calls_total";
    public const string LatencyMetric = "traces_spanmetrics_latency";

    private const byte Separator = 0xFF; // never a byte of UTF-8 text
    private const int ExemplarsPerBucket = 2;

    private readonly SpanMetricsSettings _settings;
    private readonly IMetricConsumer _metrics;
    private readonly ITraceDecisions _decisions;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly KeyBuffer _key = new();
    private readonly byte[][] _dimensionKeys;
    private readonly byte[]?[] _dimensionDefaults;
    private readonly KeyValuePair<string, object?> _connector;
    private readonly Counter<long> _overflowSpans;
    private readonly Counter<long> _flushFailed;
    private readonly PeriodicWork? _timer;
    private long _nextFlushMs;
    private int _disposed;

    public SpanMetricsConnector(SpanMetricsSettings settings, IMetricConsumer metrics, ITraceDecisions decisions, PipelineContext context, string componentId = "spanmetrics", bool startTimer = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(context);
        _settings = settings;
        _metrics = metrics;
        _decisions = decisions;
        _time = context.Time;
        _dimensionKeys = settings.Dimensions.Select(d => Encoding.UTF8.GetBytes(d.Attribute)).ToArray();
        _dimensionDefaults = settings.Dimensions.Select(d => d.Default is null ? null : Encoding.UTF8.GetBytes(d.Default)).ToArray();
        _connector = new("connector", componentId);
        _overflowSpans = context.Meter.CreateCounter<long>("orrery_spanmetrics_overflow_spans", "spans", "Spans counted in the overflow series because dimensions_cache_size was reached.");
        _flushFailed = context.Meter.CreateCounter<long>("orrery_connector_flush_failures", "flushes", "Connector flushes the metrics pipeline refused.");
        context.Meter.CreateObservableGauge("orrery_spanmetrics_series", () => new Measurement<int>(SeriesCount, _connector), "series", "Label combinations held.");
        _nextFlushMs = NowMs() + (long)settings.FlushInterval.TotalMilliseconds;
        // Exemplar candidates are resolved every second so slots of dropped traces free up quickly.
        _timer = PeriodicWork.Start(startTimer, _time, TimeSpan.FromSeconds(1), TickAsync);
    }

    public int SeriesCount
    {
        get
        {
            lock (_lock) return _tenants.Values.Sum(t => t.Series.Count);
        }
    }

    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(batch);
        var overflow = 0;
        lock (_lock)
        {
            var state = TenantOf(tenant);
            var now = NowMs();
            // Spans come grouped by scope (OTLP nests them so): the service name is looked up once a scope.
            var lastScope = -1;
            var service = ReadOnlySpan<byte>.Empty;
            for (var row = 0; row < batch.Count; row++)
            {
                var scope = batch.Spans[row].Scope;
                if (scope != lastScope)
                {
                    lastScope = scope;
                    service = batch.ServiceName(row);
                }
                var series = Find(state, batch, row, service, ref overflow);
                ref var span = ref batch.Spans[row];
                var seconds = Math.Max(0, span.DurationNano) / 1e9;
                series.Calls++;
                series.LastUpdateMs = now;
                var endMs = span.EndUnixNano / 1_000_000;
                if (series.Classic is { } classic)
                {
                    var bucket = classic.Observe(seconds);
                    if (_settings.Exemplars) classic.Exemplars.Offer(bucket, span.TraceId, span.SpanId, seconds, endMs);
                }
                else if (series.Native is { } native)
                {
                    native.Observe(seconds);
                    if (_settings.Exemplars) native.Exemplars.Offer(0, span.TraceId, span.SpanId, seconds, endMs);
                }
            }
        }
        if (overflow > 0) _overflowSpans.Add(overflow, _connector);
        // Metrics are derived data: the spans' own durability is the traces pipeline's business.
        return ValueTask.CompletedTask;
    }

    /// <summary>Asks the sampler about pending exemplar candidates (every second from the timer).</summary>
    public void ResolveExemplars()
    {
        if (!_settings.Exemplars) return;
        lock (_lock)
        {
            foreach (var (tenant, state) in _tenants)
            {
                foreach (var series in state.Series.Values)
                {
                    series.Classic?.Exemplars.Resolve(tenant, _decisions);
                    series.Native?.Exemplars.Resolve(tenant, _decisions);
                }
                if (state.OverflowSeries is { } o)
                {
                    o.Classic?.Exemplars.Resolve(tenant, _decisions);
                    o.Native?.Exemplars.Resolve(tenant, _decisions);
                }
            }
        }
    }

    /// <summary>Writes every series' current values (one batch per tenant) to the metrics consumer.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ResolveExemplars();
        var batches = new List<(string Tenant, MetricBatch Batch)>();
        lock (_lock)
        {
            var now = NowMs();
            var expireBefore = _settings.Expiration > TimeSpan.Zero ? now - (long)_settings.Expiration.TotalMilliseconds : long.MinValue;
            foreach (var (tenant, state) in _tenants)
            {
                var w = new FlushWriter(now);
                w.Metadata(CallsMetric, MetricType.Counter, "Spans by service, span name, kind and status code.");
                w.Metadata(LatencyMetric, MetricType.Histogram, "Span durations in seconds.");
                List<byte[]>? expired = null;
                foreach (var (key, series) in state.Series)
                {
                    var gone = series.LastUpdateMs < expireBefore;
                    Write(w, series, gone);
                    if (gone) (expired ??= []).Add(key);
                }
                if (state.OverflowSeries is { } overflow) Write(w, overflow, false);
                if (expired is not null) foreach (var key in expired) state.Series.Remove(key);
                if (w.Batch.SampleCount > 0) batches.Add((tenant, w.Batch));
            }
        }
        foreach (var (tenant, batch) in batches)
        {
            try
            {
                await _metrics.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Cumulative values lose nothing by one failed flush: the next one carries them.
                _flushFailed.Add(1, _connector);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    private void Write(FlushWriter w, SpanMetricsSeries series, bool expired)
    {
        var phase = expired ? SeriesPhase.Expired : series.Flushed ? SeriesPhase.Existing : SeriesPhase.New;
        series.Flushed = true;
        w.ClearLabels();
        if (series.Overflow)
        {
            w.Label("metric_overflow", "true");
        }
        else
        {
            w.Label("service", series.Service);
            w.Label("span_name", series.SpanName);
            w.Label("span_kind", SpanMetricsSeries.KindLabel(series.Kind));
            w.Label("status_code", SpanMetricsSeries.StatusLabel(series.Status));
            for (var i = 0; i < series.Dimensions.Length; i++) w.Label(_settings.Dimensions[i].Label, series.Dimensions[i]);
        }
        w.Counter(CallsMetric, series.Calls, phase);
        if (series.Classic is not null) w.Classic(LatencyMetric, series.Classic, phase, _settings.Exemplars ? 1 : 0);
        if (series.Native is not null) w.Native(LatencyMetric, series.Native, phase, _settings.Exemplars);
    }

    private SpanMetricsSeries Find(Tenant state, SpanBatch batch, int row, ReadOnlySpan<byte> service, ref int overflow)
    {
        ref var span = ref batch.Spans[row];
        var key = _key;
        key.Clear();
        key.Append(service);
        key.Append(Separator);
        key.Append(batch.Utf8(span.Name));
        key.Append(Separator);
        key.Append((byte)span.Kind);
        key.Append((byte)span.StatusCode);
        for (var d = 0; d < _dimensionKeys.Length; d++)
        {
            var mark = key.Length;
            key.Append(1);
            if (!AttributeText.TryAppend(batch, row, _dimensionKeys[d], key))
            {
                if (_dimensionDefaults[d] is { } fallback) key.Append(fallback);
                else
                {
                    key.Clear(mark);
                    key.Append(0);
                }
            }
            key.Append(Separator);
        }
        if (state.Lookup.TryGetValue(key.Written, out var series)) return series;
        if (state.Series.Count >= _settings.MaxSeries)
        {
            overflow++;
            return state.OverflowSeries ??= NewSeries("", "", span.Kind, span.StatusCode, [], overflow: true);
        }
        series = NewSeries(Encoding.UTF8.GetString(service), batch.String(span.Name), span.Kind, span.StatusCode, DimensionValues(key.Written), overflow: false);
        state.Lookup.TryAdd(key.Written, series);
        return series;
    }

    /// <summary>The dimension values back out of a new series' key (only on creation).</summary>
    private string?[] DimensionValues(ReadOnlySpan<byte> key)
    {
        var values = new string?[_dimensionKeys.Length];
        if (values.Length == 0) return values;
        // Skip service, span name, then kind and status (one byte each).
        key = key[(key.IndexOf(Separator) + 1)..];
        key = key[(key.IndexOf(Separator) + 1 + 2)..];
        for (var d = 0; d < values.Length; d++)
        {
            var end = key.IndexOf(Separator);
            values[d] = key[0] == 1 ? Encoding.UTF8.GetString(key[1..end]) : null;
            key = key[(end + 1)..];
        }
        return values;
    }

    private SpanMetricsSeries NewSeries(string service, string name, SpanKind kind, StatusCode status, string?[] dims, bool overflow) =>
        new(service, name, kind, status, dims, overflow)
        {
            Classic = _settings.Histogram.Native ? null : new ExplicitHistogram(_settings.Histogram.Buckets, ExemplarsPerBucket),
            Native = _settings.Histogram.Native ? new ExponentialHistogram(_settings.Histogram.ExponentialMaxSize!.Value) : null,
        };

    private Tenant TenantOf(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var state))
        {
            state = new Tenant();
            _tenants.Add(tenant, state);
        }
        return state;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Each second: the flush when it is due, else only resolving exemplar candidates.</summary>
    private Task TickAsync()
    {
        if (NowMs() < _nextFlushMs)
        {
            ResolveExemplars();
            return Task.CompletedTask;
        }
        _nextFlushMs = NowMs() + (long)_settings.FlushInterval.TotalMilliseconds;
        return FlushAsync();
    }

    private sealed class Tenant
    {
        public Tenant()
        {
            Series = new Dictionary<byte[], SpanMetricsSeries>(ByteKeyComparer.Instance);
            Lookup = Series.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        public Dictionary<byte[], SpanMetricsSeries> Series { get; }
        public Dictionary<byte[], SpanMetricsSeries>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }
        public SpanMetricsSeries? OverflowSeries { get; set; }
    }
}
