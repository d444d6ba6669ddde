using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Processors;

/// <summary>Builds small batches for processor tests.</summary>
internal sealed class SpanBatchBuilder
{
    private readonly SpanBatch _batch = new();
    private int _scope = -1;

    public SpanBatchBuilder Resource(params (string Key, object Value)[] attributes)
    {
        var start = _batch.ResourceAttributes.Count;
        foreach (var (k, v) in attributes) _batch.ResourceAttributes.Add(Kv(k, v));
        var resource = _batch.Resources.Add(new ResourceRow { Attributes = new RowRange(start, attributes.Length) });
        _scope = _batch.Scopes.Add(new ScopeRow { Resource = resource, Name = _batch.Bytes.Append("test-scope") });
        return this;
    }

    public SpanBatchBuilder Span(string name, SpanKind kind = SpanKind.Server, StatusCode status = StatusCode.Unset, (string Key, object Value)[]? attributes = null, string[]? events = null, ulong id = 0)
    {
        if (_scope < 0) Resource(("service.name", "svc"));
        var attrStart = _batch.SpanAttributes.Count;
        foreach (var (k, v) in attributes ?? []) _batch.SpanAttributes.Add(Kv(k, v));
        var eventStart = _batch.Events.Count;
        foreach (var e in events ?? []) _batch.Events.Add(new EventRow { Name = _batch.Bytes.Append(e) });
        _batch.Spans.Add(new SpanRow
        {
            Scope = _scope,
            TraceId = new TraceId(1, 2),
            SpanId = new SpanId(id == 0 ? (ulong)_batch.Spans.Count + 1 : id),
            Name = _batch.Bytes.Append(name),
            Kind = kind,
            StatusCode = status,
            StartUnixNano = 1_000,
            EndUnixNano = 2_000,
            Attributes = new RowRange(attrStart, attributes?.Length ?? 0),
            Events = new RowRange(eventStart, events?.Length ?? 0),
        });
        return this;
    }

    public SpanBatch Build() => _batch;

    private KeyValueRow Kv(string key, object value) => new()
    {
        Key = _batch.Bytes.Append(key),
        Value = value switch
        {
            string s => AnyValueRow.FromString(_batch.Bytes.Append(s)),
            long l => AnyValueRow.FromInt(l),
            int i => AnyValueRow.FromInt(i),
            double d => AnyValueRow.FromDouble(d),
            bool b => AnyValueRow.FromBool(b),
            _ => throw new ArgumentException("unsupported value", nameof(value)),
        },
    };
}

internal static class Batches
{
    public static string[] SpanNames(SpanBatch batch) => Enumerable.Range(0, batch.Count).Select(i => batch.String(batch.Spans[i].Name)).ToArray();

    /// <summary>A span's attributes as text (key=value), in order.</summary>
    public static string[] SpanAttributes(SpanBatch batch, int span)
    {
        var r = batch.Spans[span].Attributes;
        return Enumerable.Range(r.Start, r.Count).Select(i => $"{batch.String(batch.SpanAttributes[i].Key)}={AnyValueText.Format(batch.SpanAttributes[i].Value, batch.Bytes)}").ToArray();
    }

    public static object? SpanAttribute(SpanBatch batch, int span, string key)
    {
        var i = batch.FindSpanAttribute(span, System.Text.Encoding.UTF8.GetBytes(key));
        if (i < 0) return null;
        var v = batch.SpanAttributes[i].Value;
        return v.Kind switch
        {
            ValueKind.String => batch.String(v.Bytes),
            ValueKind.Int => v.AsInt,
            ValueKind.Double => v.AsDouble,
            ValueKind.Bool => v.AsBool,
            _ => null,
        };
    }

    public static MetricBatch Metrics(params (string Name, (string, string)[] Labels, double[] Values)[] series)
    {
        var batch = new MetricBatch();
        foreach (var (name, labels, values) in series)
        {
            batch.BeginSeries();
            batch.AddLabel("__name__", name);
            foreach (var (k, v) in labels) batch.AddLabel(k, v);
            var s = batch.EndSeries(out _);
            for (var i = 0; i < values.Length; i++) batch.AddSample(s, 1000 + i, values[i]);
        }
        return batch;
    }

    public static LogBatch Logs(params (string Line, byte Severity, (string, string)[] Metadata)[] records)
    {
        var batch = new LogBatch();
        batch.BeginStream();
        batch.AddStreamLabel("service_name", "svc");
        var stream = batch.EndStream(out _);
        foreach (var (line, severity, metadata) in records)
        {
            var start = batch.Metadata.Count;
            foreach (var (k, v) in metadata) batch.AddMetadata(k, v);
            batch.Records.Add(new LogRecordRow { Stream = stream, Line = batch.Bytes.Append(line), SeverityNumber = severity, TimestampNs = 1, Metadata = new RowRange(start, metadata.Length) });
        }
        return batch;
    }
}

/// <summary>Records what reaches the end of a pipeline; optionally holds each call until released.</summary>
internal sealed class RecordingTraces : ITraceConsumer
{
    public List<(string Tenant, SpanBatch Batch)> Received { get; } = [];
    public TaskCompletionSource? Gate { get; set; }
    public Exception? Fail { get; set; }

    public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        lock (Received) Received.Add((tenant, batch));
        if (Gate is not null) await Gate.Task;
        if (Fail is not null) throw Fail;
    }
}

internal sealed class RecordingMetrics : IMetricConsumer
{
    public List<(string Tenant, MetricBatch Batch)> Received { get; } = [];
    public MetricWriteResult? Result { get; set; }

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        lock (Received) Received.Add((tenant, batch));
        return ValueTask.FromResult(Result ?? MetricWriteResult.AllAccepted(batch));
    }
}

internal sealed class RecordingLogs : ILogConsumer
{
    public List<(string Tenant, LogBatch Batch)> Received { get; } = [];

    public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        lock (Received) Received.Add((tenant, batch));
        return ValueTask.FromResult(new LogWriteResult(batch.Count, 0, null));
    }
}

internal static class TestContext
{
    public static PipelineContext Create(TimeProvider? time = null) => new(time ?? TimeProvider.System, new Meter("Orrery.Pipeline.Tests." + Guid.NewGuid()), null);

    /// <summary>Settings of one component from YAML text (its body), as the config parser would hand them over.</summary>
    public static ComponentSettings Settings(string id, string bodyYaml)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new StringReader(bodyYaml));
        var body = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlDotNet.RepresentationModel.YamlMappingNode;
        return new ComponentSettings(id, body, 1);
    }
}
