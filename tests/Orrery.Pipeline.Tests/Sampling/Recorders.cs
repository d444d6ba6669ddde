using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>Keeps (tenant, trace, span id) of every span it is given.</summary>
internal sealed class SpanRecorder : ITraceConsumer
{
    public List<(string Tenant, TraceId Trace, ulong Span)> Spans { get; } = [];

    public int Batches { get; private set; }

    public bool Fail { get; set; }

    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        if (Fail) throw new ConsumerRejectedException("down", retryable: true);
        Batches++;
        foreach (var s in batch.Spans.AsSpan()) Spans.Add((tenant, s.TraceId, s.SpanId.Value));
        return ValueTask.CompletedTask;
    }

    public IEnumerable<TraceId> Traces => Spans.Select(s => s.Trace).Distinct();
}

/// <summary>Keeps (tenant, line) of every log record it is given.</summary>
internal sealed class LogRecorder : ILogConsumer
{
    public List<(string Tenant, string Line, string Stream)> Lines { get; } = [];

    public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        foreach (var r in batch.Records.AsSpan())
        {
            var labels = string.Join(",", batch.LabelsOf(r.Stream).ToArray().Select(l => batch.String(l.Name) + "=" + batch.String(l.Value)));
            Lines.Add((tenant, batch.String(r.Line), labels));
        }
        return ValueTask.FromResult(new LogWriteResult(batch.Count, 0, null));
    }
}

/// <summary>Sums every long counter measurement of one meter by instrument name and tags.</summary>
internal sealed class MeterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    public MeterProbe(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _sums.AddOrUpdate(instrument.Name, value, (_, v) => v + value);
            foreach (var tag in tags)
            {
                if (tag.Key == "processor" || tag.Key == "connector") continue;
                _sums.AddOrUpdate($"{instrument.Name}{{{tag.Key}={tag.Value}}}", value, (_, v) => v + value);
            }
            var all = string.Join(",", tags.ToArray().Where(t => t.Key is not ("processor" or "connector")).Select(t => $"{t.Key}={t.Value}"));
            if (all.Contains(',', StringComparison.Ordinal)) _sums.AddOrUpdate($"{instrument.Name}{{{all}}}", value, (_, v) => v + value);
        });
        _listener.Start();
    }

    public long this[string key] => _sums.TryGetValue(key, out var v) ? v : 0;

    public void Dispose() => _listener.Dispose();
}
