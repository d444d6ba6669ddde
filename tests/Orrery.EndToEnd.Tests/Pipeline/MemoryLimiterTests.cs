using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// A <c>memory_limiter</c> whose limit (1 MiB, no spike allowance) any running server is above,
/// so it refuses every batch from its first check on: deterministic without a memory flood.
/// Refusals must be retryable (HTTP 503 + Retry-After, gRPC UNAVAILABLE), nothing refused may be
/// stored, and the server keeps answering.
/// </summary>
public partial class MemoryLimiterTests
{
    private const string Config = """
        receivers:
          otlp:

        processors:
          memory_limiter:
            check_interval: 5s
            limit_mib: 1
            spike_limit_mib: 0

        exporters:
          orrery:

        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [orrery]
        """;

    [Fact]
    public async Task Refusals_above_the_limit_are_retryable_and_the_server_keeps_serving()
    {
        await using var orrery = await InProcessOrrery.StartAsync(configYaml: Config);
        var endpoints = orrery.Endpoints;
        var refused = new List<string>();

        for (var i = 0; i < 2; i++)
        {
            var (traceId, body) = NewTrace();
            using var response = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, body, "application/x-protobuf");
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests, $"HTTP {(int)response.StatusCode}");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            refused.Add(traceId);
        }

        var (grpcTraceId, grpcBody) = NewTrace();
        var grpc = await RawGrpcClient.CallAsync(endpoints.Client, endpoints.Grpc, RawGrpcClient.Frame(grpcBody));
        Assert.Equal(14, grpc.Status); // UNAVAILABLE: OTLP clients retry it
        refused.Add(grpcTraceId);

        // Still serving: ready, reads answer, and nothing refused reached the store.
        using (var ready = await endpoints.GetAsync("/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var reads = new OrreryReads(endpoints, DateTimeOffset.UtcNow.AddMinutes(-5));
        foreach (var id in refused) Assert.False(await reads.TraceExistsAsync(id), $"refused trace {id} was stored");

        using var metrics = await endpoints.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        var counted = RefusedLine().Matches(text).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(refused.Count, counted);
    }

    private static (string TraceId, byte[] Body) NewTrace()
    {
        var traceId = OtlpMessages.NewTraceId();
        var request = OtlpMessages.Request("limited", OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "refused", OtlpMessages.NowUnixNano()));
        return (OtlpMessages.Hex(traceId), request.ToByteArray());
    }

    [GeneratedRegex(@"^orrery_processor_memory_limiter_refused(?:_batches)?(?:_total)?(?:\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex RefusedLine();
}
