using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Logs;

/// <summary>
/// Logs written through Microsoft.Extensions.Logging with the real OpenTelemetry provider and
/// OTLP exporter, inside a span, come back through the Loki API: by service, by level, by a
/// word, and by the trace id.
/// </summary>
[Collection(SharedOrreryCollection.Name)]
public class SdkLogsTests(SharedOrrery orrery)
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Logs_written_inside_a_span_are_found_by_service_level_word_and_trace(OtlpExportProtocol protocol)
    {
        var endpoints = orrery.Endpoints;
        var service = $"logs-{protocol.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        var rareWord = "zq" + Guid.NewGuid().ToString("N")[..10];
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        ActivityTraceId traceId;

        using var exporterErrors = new OtlpExporterErrors();
        using (var source = new ActivitySource("orrery.e2e.logs"))
        using (var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "orrery.e2e.logs",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        })
        {
            ActivitySource.AddActivityListener(listener);
            using (var loggers = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service).AddAttributes(new Dictionary<string, object> { ["deployment.environment"] = "e2e" }));
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter(e =>
                {
                    e.Protocol = protocol;
                    e.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoints.Grpc : endpoints.OtlpHttpLogs;
                    // Simple: each log call returns once the server acknowledged it.
                    e.ExportProcessorType = ExportProcessorType.Simple;
                });
            })))
            {
                var logger = loggers.CreateLogger("Checkout");
                using (var activity = source.StartActivity("checkout")!)
                {
                    traceId = activity.TraceId;
                    logger.LogInformation("checkout started for order {OrderId}", 1234);
                    logger.LogWarning("payment slow for order {OrderId}", 1234);
                    logger.LogError("payment failed: {Reason}", rareWord);
                }
            }
        }
        Assert.True(exporterErrors.Messages.Count == 0, exporterErrors.Describe());

        var all = await QueryLines(endpoints, $"{{service_name=\"{service}\"}}", started);
        Assert.Equal(3, all.Count);
        Assert.Contains(all, l => l.Line == "checkout started for order 1234");

        var errors = await QueryLines(endpoints, $"{{service_name=\"{service}\"}} | detected_level=\"error\"", started);
        Assert.Equal($"payment failed: {rareWord}", Assert.Single(errors).Line);

        var word = await QueryLines(endpoints, $"{{service_name=\"{service}\"}} |= \"{rareWord}\"", started);
        Assert.Single(word);

        var ofTrace = await QueryLines(endpoints, $"{{service_name=~\".+\"}} | trace_id=\"{traceId.ToHexString()}\"", started);
        Assert.Equal(3, ofTrace.Count);
        Assert.All(ofTrace, l => Assert.Equal(service, l.Service));
    }

    private static async Task<List<(string Line, string Service)>> QueryLines(OrreryEndpoints endpoints, string query, DateTimeOffset start)
    {
        var path = "/loki/api/v1/query_range?query=" + Uri.EscapeDataString(query)
            + "&start=" + start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "000000&limit=100";
        using var response = await endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal("streams", data.GetProperty("resultType").GetString());
        var lines = new List<(string, string)>();
        foreach (var stream in data.GetProperty("result").EnumerateArray())
        {
            var service = stream.GetProperty("stream").GetProperty("service_name").GetString()!;
            foreach (var value in stream.GetProperty("values").EnumerateArray()) lines.Add((value[1].GetString()!, service));
        }
        return lines;
    }
}
