using Orrery.Pipeline.Components;
using Orrery.Pipeline.Exporters.Otlp;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Otlp;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Exporters;

/// <summary>
/// <c>otlp</c> (gRPC) and <c>otlphttp</c>: forward a traces, metrics or logs pipeline to another
/// collector or backend through a sending queue with retry (see <see cref="OtlpExporterSettings"/>).
/// Batches are encoded by the OTLP writers in <c>Orrery.Signals.Otlp</c>; <paramref name="encodeTraces"/>
/// replaces the trace encoder when given (null: <see cref="OtlpTraceProtobufWriter"/>).
/// An exporter id used by pipelines of several signals gets one exporter (and queue) per signal.
/// </summary>
public sealed class OtlpExporterFactory(string type, Func<SpanBatch, byte[]>? encodeTraces, HttpMessageHandler? handler = null)
    : ITraceExporterFactory, IMetricExporterFactory, ILogExporterFactory
{
    public OtlpExporterFactory(string type)
        : this(type, null)
    {
    }

    public string Type { get; } = type is "otlp" or "otlphttp" ? type : throw new ArgumentException("type must be otlp or otlphttp", nameof(type));

    private bool Http => Type == "otlphttp";

    public void Validate(ComponentSettings settings) => OtlpExporterSettings.Parse(settings, Http, null);

    public ITraceConsumer CreateTracesExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context)
    {
        var encode = encodeTraces ?? (static batch => OtlpTraceProtobufWriter.Write(batch, OtlpTraceMessage.TracesData));
        var (queue, client) = CreateQueue(settings, context, OtlpExportSignal.Traces);
        return new OtlpTraceExporter(encode, queue, client);
    }

    public IMetricConsumer CreateMetricsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context)
    {
        var (queue, client) = CreateQueue(settings, context, OtlpExportSignal.Metrics);
        return new OtlpMetricExporter(queue, client);
    }

    public ILogConsumer CreateLogsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context)
    {
        var (queue, client) = CreateQueue(settings, context, OtlpExportSignal.Logs);
        return new OtlpLogExporter(queue, client);
    }

    private (SendingQueue Queue, HttpClient Client) CreateQueue(ComponentSettings settings, PipelineContext context, OtlpExportSignal signal)
    {
        var parsed = OtlpExporterSettings.Parse(settings, Http, context.DataDirectory, signal);
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout.InfiniteTimeSpan;
        IOtlpSender sender = Http
            ? new OtlpHttpSender(client, parsed.Url, parsed.Headers, parsed.Gzip, parsed.Timeout)
            : new OtlpGrpcSender(client, parsed.Url, signal.GrpcMethod(), parsed.Headers, parsed.Timeout);
        return (new SendingQueue(parsed, sender, context.Time, context.Meter, settings.Id), client);
    }

    private sealed class OtlpTraceExporter(Func<SpanBatch, byte[]> encode, SendingQueue queue, HttpClient client) : ITraceConsumer, IAsyncDisposable
    {
        public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            if (batch.Count == 0) return;
            await queue.EnqueueAsync(encode(batch), tenant, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await queue.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
        }
    }

    /// <summary>Accepted means queued (durably, with a directory) or, without a queue, delivered; the peer's own refusals of single samples are not seen.</summary>
    private sealed class OtlpMetricExporter(SendingQueue queue, HttpClient client) : IMetricConsumer, IAsyncDisposable
    {
        public async ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
        {
            if (batch.SampleCount == 0) return MetricWriteResult.AllAccepted(batch);
            await queue.EnqueueAsync(OtlpMetricsProtobufWriter.Write(batch), tenant, cancellationToken).ConfigureAwait(false);
            return MetricWriteResult.AllAccepted(batch);
        }

        public async ValueTask DisposeAsync()
        {
            await queue.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
        }
    }

    private sealed class OtlpLogExporter(SendingQueue queue, HttpClient client) : ILogConsumer, IAsyncDisposable
    {
        public async ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
        {
            if (batch.Count > 0) await queue.EnqueueAsync(OtlpLogsProtobufWriter.Write(batch), tenant, cancellationToken).ConfigureAwait(false);
            return new LogWriteResult(batch.Count, 0, null);
        }

        public async ValueTask DisposeAsync()
        {
            await queue.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
        }
    }
}
