using System.Globalization;
using Orrery.Pipeline.Components;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Exporters;

/// <summary>
/// <c>debug</c>: writes a line per batch that passes (tenant, counts; with <c>verbosity: detailed</c>
/// also each span's or record's name), then drops the data. Sampled as the collector samples it:
/// the first <c>sampling_initial</c> batches each second are written, then every
/// <c>sampling_thereafter</c>-th, so a busy pipeline does not flood the output.
/// </summary>
public sealed class DebugExporterFactory(TextWriter? output = null) : ITraceExporterFactory, IMetricExporterFactory, ILogExporterFactory
{
    public string Type => "debug";

    public void Validate(ComponentSettings settings) => DebugSettings.Parse(settings);

    public ITraceConsumer CreateTracesExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) =>
        new DebugExporter(DebugSettings.Parse(settings), settings.Id, output ?? Console.Out, context.Time);

    public IMetricConsumer CreateMetricsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) =>
        new DebugExporter(DebugSettings.Parse(settings), settings.Id, output ?? Console.Out, context.Time);

    public ILogConsumer CreateLogsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) =>
        new DebugExporter(DebugSettings.Parse(settings), settings.Id, output ?? Console.Out, context.Time);
}

internal sealed record DebugSettings(bool Detailed, int SamplingInitial, int SamplingThereafter)
{
    public static DebugSettings Parse(ComponentSettings s)
    {
        s.RejectUnknownKeys("verbosity", "sampling_initial", "sampling_thereafter");
        var verbosity = s.GetString("verbosity", "basic");
        if (verbosity is not ("basic" or "normal" or "detailed"))
            throw ComponentSettings.Error(s.Get("verbosity")!, $"{s.Id}: verbosity must be basic, normal or detailed");
        var initial = s.GetInt64("sampling_initial", 2);
        var thereafter = s.GetInt64("sampling_thereafter", 1);
        if (initial < 0 || initial > int.MaxValue) throw ComponentSettings.Error(s.Get("sampling_initial")!, $"{s.Id}: sampling_initial must not be negative");
        if (thereafter < 1 || thereafter > int.MaxValue) throw ComponentSettings.Error(s.Get("sampling_thereafter")!, $"{s.Id}: sampling_thereafter must be at least 1");
        return new DebugSettings(verbosity == "detailed", (int)initial, (int)thereafter);
    }
}

internal sealed class DebugExporter(DebugSettings settings, string id, TextWriter output, TimeProvider time) : ITraceConsumer, IMetricConsumer, ILogConsumer
{
    private readonly object _gate = new();
    private long _second = long.MinValue;
    private long _inSecond;

    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        if (Sampled())
        {
            var line = $"{id}: traces tenant={tenant} spans={batch.Count} resources={batch.Resources.Count}";
            if (settings.Detailed)
            {
                for (var i = 0; i < batch.Count; i++)
                    line += $"\n  {batch.Spans[i].TraceId.ToHex()} {batch.Spans[i].SpanId.ToHex()} {batch.String(batch.Spans[i].Name)} {batch.Spans[i].Kind} {batch.Spans[i].StatusCode}";
            }
            Write(line);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        if (Sampled())
        {
            var line = $"{id}: metrics tenant={tenant} series={batch.Series.Count} samples={batch.Samples.Count} histograms={batch.Histograms.Count} exemplars={batch.Exemplars.Count}";
            if (settings.Detailed)
            {
                for (var i = 0; i < batch.Samples.Count; i++)
                    line += $"\n  {Labels(batch, batch.Samples[i].Series)} {batch.Samples[i].TimestampMs} {batch.Samples[i].Value.ToString("R", CultureInfo.InvariantCulture)}";
            }
            Write(line);
        }
        return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch));
    }

    public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        if (Sampled())
        {
            var line = $"{id}: logs tenant={tenant} streams={batch.Streams.Count} records={batch.Count}";
            if (settings.Detailed)
            {
                for (var i = 0; i < batch.Count; i++)
                    line += $"\n  {batch.Records[i].TimestampNs} sev={batch.Records[i].SeverityNumber} {batch.String(batch.Records[i].Line)}";
            }
            Write(line);
        }
        return ValueTask.FromResult(new LogWriteResult(batch.Count, 0, null));
    }

    private static string Labels(MetricBatch batch, int series) =>
        "{" + string.Join(", ", batch.LabelsOf(series).ToArray().Select(l => $"{batch.String(l.Name)}=\"{batch.String(l.Value)}\"")) + "}";

    private bool Sampled()
    {
        lock (_gate)
        {
            var second = time.GetUtcNow().ToUnixTimeSeconds();
            if (second != _second)
            {
                _second = second;
                _inSecond = 0;
            }
            var n = ++_inSecond;
            return n <= settings.SamplingInitial || (n - settings.SamplingInitial) % settings.SamplingThereafter == 0;
        }
    }

    private void Write(string line)
    {
        lock (output) output.WriteLine(line);
    }
}
