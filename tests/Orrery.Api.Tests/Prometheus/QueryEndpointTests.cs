using System.Net;
using System.Text.Json;

namespace Orrery.Api.Tests.Prometheus;

/// <summary>
/// <c>/api/v1/query</c>, <c>/api/v1/query_range</c> and <c>/api/v1/format_query</c> over HTTP:
/// parameter checks in Prometheus 2.42's order and words, GET and form POST alike.
/// </summary>
public sealed class QueryEndpointTests : IAsyncLifetime
{
    private PrometheusTestServer _server = null!;

    public async Task InitializeAsync() => _server = await PrometheusTestServer.StartAsync(new FakeMetricReader());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("start=x&end=10&step=1", "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp")]
    [InlineData("end=10&step=1", "invalid parameter \"start\": cannot parse \"\" to a valid timestamp")]
    [InlineData("start=10&step=1", "invalid parameter \"end\": cannot parse \"\" to a valid timestamp")]
    [InlineData("start=10&end=9&step=1", "invalid parameter \"end\": end timestamp must not be before start time")]
    [InlineData("start=0&end=10", "invalid parameter \"step\": cannot parse \"\" to a valid duration")]
    [InlineData("start=0&end=10&step=1x", "invalid parameter \"step\": cannot parse \"1x\" to a valid duration")]
    [InlineData("start=0&end=10&step=0", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("start=0&end=10&step=-15", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("start=0&end=11001&step=1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    [InlineData("start=0&end=2000-01-01T00:00:00Z&step=1h", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    [InlineData("start=0&end=10&step=1&timeout=soon", "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration")]
    public async Task Range_parameters_are_checked_as_prometheus_checks_them(string parameters, string error)
    {
        foreach (var (status, body) in new[]
        {
            await _server.GetAsync("/api/v1/query_range?query=up&" + parameters),
            await _server.PostFormAsync("/api/v1/query_range", [("query", "up"), .. Form(parameters)]),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            AssertError(body, "bad_data", error);
        }
    }

    [Theory]
    [InlineData("start=0&end=11000&step=1")]
    [InlineData("start=0&end=3600&step=15s")]
    [InlineData("start=2015-07-01T20:10:30.781Z&end=2015-07-01T20:11:00.781Z&step=0.5")]
    public async Task Acceptable_ranges_pass_the_parameter_checks(string parameters)
    {
        var (status, body) = await _server.GetAsync("/api/v1/query_range?query=1&" + parameters);
        Assert.DoesNotContain("invalid parameter", body, StringComparison.Ordinal);
        Assert.DoesNotContain("exceeded maximum resolution", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("time=yesterday", "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp")]
    [InlineData("time=1&timeout=1y1y", "invalid parameter \"timeout\": cannot parse \"1y1y\" to a valid duration")]
    public async Task Instant_parameters_are_checked(string parameters, string error)
    {
        var (status, body) = await _server.GetAsync("/api/v1/query?query=up&" + parameters);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertError(body, "bad_data", error);
    }

    [Fact]
    public async Task Parse_errors_are_bad_data_naming_the_query_parameter()
    {
        var (status, body) = await _server.GetAsync("/api/v1/query?time=1&query=" + Uri.EscapeDataString("sum(up"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("bad_data", json.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith("invalid parameter \"query\": 1:", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instant_query_of_a_literal()
    {
        var (status, body) = await _server.GetAsync("/api/v1/query?time=10.5&query=" + Uri.EscapeDataString("1 + 1"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":{"resultType":"scalar","result":[10.500,"2"]}}""", body);
    }

    [Fact]
    public async Task Range_query_of_a_literal_by_form_post()
    {
        var (status, body) = await _server.PostFormAsync("/api/v1/query_range", ("query", "vector(0.25)"), ("start", "0"), ("end", "30"), ("step", "15s"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[0,"0.25"],[15,"0.25"],[30,"0.25"]]}]}}""", body);
    }

    [Fact]
    public async Task Format_query_prints_canonically()
    {
        var (status, body) = await _server.GetAsync("/api/v1/format_query?query=" + Uri.EscapeDataString("sum(rate(x[5m]))by(job)"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"success","data":"sum by (job) (rate(x[5m]))"}""", body);
    }

    private static (string, string)[] Form(string parameters) =>
        parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToArray();

    private static void AssertError(string body, string type, string message)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(type, json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal(message, json.RootElement.GetProperty("error").GetString());
    }
}
