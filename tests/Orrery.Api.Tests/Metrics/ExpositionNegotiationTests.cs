using Orrery.Api.Metrics;

namespace Orrery.Api.Tests.Metrics;

public class ExpositionNegotiationTests
{
    [Theory]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=1.0.0", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", ExpositionFormat.Text)]
    [InlineData("application/openmetrics-text;version=2.0.0", ExpositionFormat.Text)]
    [InlineData("application/openmetrics-text;q=0", ExpositionFormat.Text)]
    [InlineData("text/plain", ExpositionFormat.Text)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ExpositionFormat.Text)]
    [InlineData("*/*", ExpositionFormat.Text)]
    [InlineData("", ExpositionFormat.Text)]
    [InlineData(null, ExpositionFormat.Text)]
    public void The_scrapers_preference_picks_the_format(string? accept, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionNegotiation.Negotiate(accept));
}
