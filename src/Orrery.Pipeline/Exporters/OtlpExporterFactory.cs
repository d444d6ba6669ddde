using Orrery.Pipeline.Components;
using Orrery.Pipeline.Exporters.Otlp;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Exporters;

/// <summary>
/// <c>otlp</c> (gRPC) and <c>otlphttp</c>: forward a traces pipeline to another collector or
/// backend through a sending queue with retry (see <see cref="OtlpExporterSettings"/>). The OTLP
/// encoder is handed in (<paramref name="encodeTraces"/>: SpanBatch → ExportTraceServiceRequest
/// bytes) because the writer lives with the API; without one the exporter validates but cannot be built.
/// Metrics and logs pipelines cannot use these exporters yet.
/// </summary>
public sealed class OtlpExporterFactory(string type, Func<SpanBatch, byte[]>? encodeTraces, HttpMessageHandler? handler = null) : ITraceExporterFactory
{
    public string Type { get; } = type is "otlp" or "otlphttp" ? type : throw new ArgumentException("type must be otlp or otlphttp", nameof(type));

    private bool Http => Type == "otlphttp";

    public void Validate(ComponentSettings settings) => OtlpExporterSettings.Parse(settings, Http, null);

    public ITraceConsumer CreateTracesExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context)
    {
        var encode = encodeTraces ?? throw new PipelineConfigException($"{settings.Id}: this build has no OTLP trace encoder", settings.Line);
        var parsed = OtlpExporterSettings.Parse(settings, Http, context.DataDirectory);
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout.InfiniteTimeSpan;
        IOtlpSender sender = Http
            ? new OtlpHttpSender(client, parsed.Url, parsed.Headers, parsed.Gzip, parsed.Timeout)
            : new OtlpGrpcSender(client, parsed.Url, "opentelemetry.proto.collector.trace.v1.TraceService/Export", parsed.Headers, parsed.Timeout);
        return new OtlpTraceExporter(encode, new SendingQueue(parsed, sender, context.Time, context.Meter, settings.Id), client);
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
}
