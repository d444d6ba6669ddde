using System.Net;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Tests.Prometheus;

public sealed class MetadataAndExemplarsTests : IAsyncLifetime
{
    private static readonly LabelSet Bucket = LabelSet.From(("__name__", "http_duration_seconds_bucket"), ("le", "0.5"), ("job", "api"));
    private static readonly LabelSet OtherBucket = LabelSet.From(("__name__", "http_duration_seconds_bucket"), ("le", "+Inf"), ("job", "api"));
    private readonly FakeMetricReader _reader = new();
    private PrometheusTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _reader
            .AddMetadata("up", new MetricMetadata(MetricType.Gauge, "Whether the target is up.", ""))
            .AddMetadata("http_duration_seconds", new MetricMetadata(MetricType.Histogram, "Request \"latency\".", "seconds"))
            .AddMetadata("http_duration_seconds", new MetricMetadata(MetricType.Histogram, "Latency, as another target says.", "seconds"))
            .AddMetadata("go_gc_cycles", new MetricMetadata(MetricType.Counter, "GC cycles.", ""))
            .AddExemplar(Bucket, new StoredExemplar(LabelSet.From(("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), ("span_id", "00f067aa0ba902b7")), 0.25, 1_600_096_945_479))
            .AddExemplar(Bucket, new StoredExemplar(LabelSet.From(("trace_id", "0af7651916cd43dd8448eb211c80319c")), double.NaN, 1_600_096_946_000))
            .AddExemplar(OtherBucket, new StoredExemplar(LabelSet.From(("trace_id", "b7ad6b7169203331")), double.PositiveInfinity, 1_600_096_947_500));
        _server = await PrometheusTestServer.StartAsync(_reader);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Metadata_lists_families_sorted_with_their_entries()
    {
        var (status, body) = await _server.GetAsync("/api/v1/metadata");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"status":"success","data":{"go_gc_cycles":[{"type":"counter","help":"GC cycles.","unit":""}],"http_duration_seconds":[{"type":"histogram","help":"Request \"latency\".","unit":"seconds"},{"type":"histogram","help":"Latency, as another target says.","unit":"seconds"}],"up":[{"type":"gauge","help":"Whether the target is up.","unit":""}]}}""",
            body);
    }

    [Fact]
    public async Task Metadata_honours_metric_limit_and_limit_per_metric()
    {
        var one = await _server.GetAsync("/api/v1/metadata?metric=http_duration_seconds&limit_per_metric=1");
        var limited = await _server.GetAsync("/api/v1/metadata?limit=2");
        var none = await _server.GetAsync("/api/v1/metadata?limit=0");

        Assert.Equal("""{"status":"success","data":{"http_duration_seconds":[{"type":"histogram","help":"Request \"latency\".","unit":"seconds"}]}}""", one.Body);
        Assert.Equal(2, _reader.LastLimit);
        Assert.Equal(["go_gc_cycles", "http_duration_seconds"], System.Text.Json.JsonDocument.Parse(limited.Body).RootElement.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"status":"success","data":{}}""", none.Body);
    }

    [Theory]
    [InlineData("limit=ten", "limit must be a number")]
    [InlineData("limit_per_metric=one", "limit_per_metric must be a number")]
    public async Task Metadata_rejects_limits_that_are_not_numbers(string query, string error)
    {
        var (status, body) = await _server.GetAsync("/api/v1/metadata?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($$"""{"status":"error","errorType":"bad_data","error":"{{error}}"}""", body);
    }

    [Fact]
    public async Task Exemplars_are_grouped_by_series_with_string_values_and_float_second_timestamps()
    {
        var (status, body) = await _server.GetAsync("/api/v1/query_exemplars?query=http_duration_seconds_bucket&start=1600096945&end=1600096948");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"status":"success","data":[{"seriesLabels":{"__name__":"http_duration_seconds_bucket","job":"api","le":"+Inf"},"exemplars":[{"labels":{"trace_id":"b7ad6b7169203331"},"value":"+Inf","timestamp":1600096947.500}]},{"seriesLabels":{"__name__":"http_duration_seconds_bucket","job":"api","le":"0.5"},"exemplars":[{"labels":{"span_id":"00f067aa0ba902b7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},"value":"0.25","timestamp":1600096945.479},{"labels":{"trace_id":"0af7651916cd43dd8448eb211c80319c"},"value":"NaN","timestamp":1600096946}]}]}""",
            body);
        Assert.Equal(1_600_096_945_000, _reader.LastStartMs);
        Assert.Equal(1_600_096_948_000, _reader.LastEndMs);
    }

    [Fact]
    public async Task Exemplars_of_a_grafana_query_come_from_the_selectors_inside_it()
    {
        var query = "histogram_quantile(0.95, sum by (le) (rate(http_duration_seconds_bucket{job=\"api\", le=\"0.5\"}[5m] offset 1m)))";

        var (status, body) = await _server.PostFormAsync("/api/v1/query_exemplars", ("query", query));

        Assert.Equal(HttpStatusCode.OK, status);
        var selector = Assert.Single(_reader.LastMatcherSets);
        Assert.Equal(["job=\"api\"", "le=\"0.5\"", "__name__=\"http_duration_seconds_bucket\""], selector.Select(m => m.ToString()));
        Assert.Contains("\"le\":\"0.5\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"le\":\"+Inf\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exemplars_of_an_expression_without_selectors_are_no_content()
    {
        var (status, body) = await _server.GetAsync("/api/v1/query_exemplars?query=1%2B1");

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);
    }

    [Theory]
    [InlineData("query=up&start=10&end=5", "end timestamp must not be before start timestamp")]
    [InlineData("query=", "1:1: parse error: no expression found in input")]
    [InlineData("query=rate(up{job=~\"a\"[5m])", "1:17: parse error: unexpected character inside braces: '['")]
    [InlineData("query={job=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("query=up{__name__=\"down\"}", "1:1: parse error: metric name must not be set twice: \\\"up\\\" or \\\"down\\\"")]
    [InlineData("query=up&start=soon", "invalid parameter \\\"start\\\": Invalid time value for 'start': cannot parse \\\"soon\\\" to a valid timestamp")]
    public async Task Exemplar_queries_that_are_wrong_are_bad_data(string query, string error)
    {
        var (status, body) = await _server.GetAsync("/api/v1/query_exemplars?" + query.Replace("+", "%2B", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($$"""{"status":"error","errorType":"bad_data","error":"{{error}}"}""", body);
    }
}
