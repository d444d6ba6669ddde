using System.Net;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Tests.Prometheus;

public sealed class SeriesEndpointTests : IAsyncLifetime
{
    private readonly FakeMetricReader _reader = new();
    private PrometheusTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _reader
            .AddSeries(LabelSet.From(("__name__", "up"), ("job", "prometheus"), ("instance", "localhost:9090")), 1_000_000)
            .AddSeries(LabelSet.From(("__name__", "up"), ("job", "node"), ("instance", "localhost:9100")), 2_000_000)
            .AddSeries(LabelSet.From(("__name__", "process_start_time_seconds"), ("job", "prometheus")), 3_000_000)
            .AddSeries("other", LabelSet.From(("__name__", "up"), ("job", "secret")), 1_000_000);
        _server = await PrometheusTestServer.StartAsync(_reader);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Series_lists_matching_label_sets_in_prometheus_envelope()
    {
        var (status, body) = await _server.GetAsync("/api/v1/series?match[]=up");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"status":"success","data":[{"__name__":"up","instance":"localhost:9090","job":"prometheus"},{"__name__":"up","instance":"localhost:9100","job":"node"}]}""",
            body);
    }

    [Fact]
    public async Task Series_takes_every_match_and_the_range_from_a_form_post()
    {
        var (status, body) = await _server.PostFormAsync("/api/v1/series",
            ("match[]", "up{job=\"node\"}"), ("match[]", "{__name__=~\"process_.*\"}"), ("start", "1500"), ("end", "2015-07-01T20:10:51.781Z"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"status":"success","data":[{"__name__":"process_start_time_seconds","job":"prometheus"},{"__name__":"up","instance":"localhost:9100","job":"node"}]}""",
            body);
        Assert.Equal(2, _reader.LastMatcherSets.Count);
        Assert.Equal(1_500_000, _reader.LastStartMs);
        Assert.Equal(1_435_781_451_781, _reader.LastEndMs);
    }

    [Fact]
    public async Task Series_reads_the_whole_time_range_when_start_and_end_are_absent()
    {
        await _server.GetAsync("/api/v1/series?match[]=up");

        Assert.Equal(-9_223_309_901_257_974_000, _reader.LastStartMs);
        Assert.Equal(9_223_309_901_257_974_999, _reader.LastEndMs);
    }

    [Fact]
    public async Task Series_with_a_limit_cuts_the_answer_and_warns()
    {
        var (_, body) = await _server.GetAsync("/api/v1/series?match[]=up&limit=1");

        Assert.Equal(
            """{"status":"success","data":[{"__name__":"up","instance":"localhost:9090","job":"prometheus"}],"warnings":["results truncated due to limit"]}""",
            body);
        Assert.Equal(2, _reader.LastLimit);
    }

    [Theory]
    [InlineData("/api/v1/series", "no match[] parameter provided")]
    [InlineData("/api/v1/series?match[]=up{", "invalid parameter \\\"match[]\\\": 1:4: parse error: unexpected end of input inside braces")]
    [InlineData("/api/v1/series?match[]=up{job}", "invalid parameter \\\"match[]\\\": 1:7: parse error: unexpected \\\"}\\\" in label matching, expected label matching operator")]
    [InlineData("/api/v1/series?match[]=up{job=node}", "invalid parameter \\\"match[]\\\": 1:8: parse error: unexpected identifier \\\"node\\\" in label matching, expected string")]
    [InlineData("/api/v1/series?match[]=up%20down", "invalid parameter \\\"match[]\\\": 1:4: parse error: unexpected identifier \\\"down\\\"")]
    [InlineData("/api/v1/series?match[]={job=\"\"}", "invalid parameter \\\"match[]\\\": match[] must contain at least one non-empty matcher")]
    [InlineData("/api/v1/series?match[]={}", "invalid parameter \\\"match[]\\\": match[] must contain at least one non-empty matcher")]
    [InlineData("/api/v1/series?match[]=up&start=yesterday", "invalid parameter \\\"start\\\": Invalid time value for 'start': cannot parse \\\"yesterday\\\" to a valid timestamp")]
    [InlineData("/api/v1/series?match[]=up&end=2015-13-01T00:00:00Z", "invalid parameter \\\"end\\\": Invalid time value for 'end': cannot parse \\\"2015-13-01T00:00:00Z\\\" to a valid timestamp")]
    [InlineData("/api/v1/series?match[]=up&limit=-1", "invalid parameter \\\"limit\\\": limit must be non-negative")]
    [InlineData("/api/v1/series?match[]=up&limit=many", "invalid parameter \\\"limit\\\": strconv.Atoi: parsing \\\"many\\\": invalid syntax")]
    [InlineData("/api/v1/labels?match[]=up{", "invalid parameter \\\"match[]\\\": 1:4: parse error: unexpected end of input inside braces")]
    [InlineData("/api/v1/label/1job/values", "invalid label name: \\\"1job\\\"")]
    [InlineData("/api/v1/label/job/values?start=x", "invalid parameter \\\"start\\\": Invalid time value for 'start': cannot parse \\\"x\\\" to a valid timestamp")]
    public async Task Bad_parameters_are_bad_data_worded_as_prometheus_words_them(string pathAndQuery, string error)
    {
        var (status, body) = await _server.GetAsync(pathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($$"""{"status":"error","errorType":"bad_data","error":"{{error}}"}""", body);
    }

    [Fact]
    public async Task Labels_lists_all_names_without_match_and_only_matching_ones_with_it()
    {
        var all = await _server.GetAsync("/api/v1/labels");
        var matched = await _server.PostFormAsync("/api/v1/labels", ("match[]", "process_start_time_seconds"));

        Assert.Equal("""{"status":"success","data":["__name__","instance","job"]}""", all.Body);
        Assert.Equal("""{"status":"success","data":["__name__","job"]}""", matched.Body);
    }

    [Fact]
    public async Task Label_values_are_listed_sorted_and_filtered_by_match()
    {
        var all = await _server.GetAsync("/api/v1/label/job/values");
        var matched = await _server.GetAsync("/api/v1/label/job/values?match[]=up&match[]=nothing&limit=1");

        Assert.Equal("""{"status":"success","data":["node","prometheus"]}""", all.Body);
        Assert.Equal("""{"status":"success","data":["node"],"warnings":["results truncated due to limit"]}""", matched.Body);
    }

    [Fact]
    public async Task Label_values_of_a_label_no_series_has_are_an_empty_array()
    {
        var (status, body) = await _server.GetAsync("/api/v1/label/nope/values");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":[]}""", body);
    }

    [Fact]
    public async Task A_limit_the_store_reports_is_an_execution_error()
    {
        _reader.Throw = new MetricLimitException("the query hit the max number of series limit (limit: 10)");

        var (status, body) = await _server.GetAsync("/api/v1/series?match[]=up");

        Assert.Equal((HttpStatusCode)422, status);
        Assert.Equal("""{"status":"error","errorType":"execution","error":"the query hit the max number of series limit (limit: 10)"}""", body);
    }
}
