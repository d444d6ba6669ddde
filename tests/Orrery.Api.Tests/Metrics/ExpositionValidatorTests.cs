namespace Orrery.Api.Tests.Metrics;

/// <summary>The validator the exporter tests lean on must itself reject what a scraper rejects.</summary>
public class ExpositionValidatorTests
{
    private const string Valid = "# TYPE a counter\n# HELP a A.\na_total 1\n# TYPE h histogram\nh_bucket{le=\"1.0\"} 1 # {trace_id=\"ab\"} 0.5 1.5\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n# EOF\n";

    [Fact]
    public void Valid_openmetrics_passes() => Assert.Empty(ExpositionValidator.OpenMetrics(Valid));

    [Theory]
    [InlineData("# TYPE a counter\na_total 1\n")]
    [InlineData("# TYPE a_total counter\na_total 1\n# EOF\n")]
    [InlineData("# TYPE a counter\na 1\n# EOF\n")]
    [InlineData("# TYPE g gauge\ng 1 # {trace_id=\"ab\"} 1\n# EOF\n")]
    [InlineData("# TYPE a counter\na_total 1 # {trace_id=ab} 1\n# EOF\n")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# EOF\n")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1.0\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n# EOF\n")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1.0\"} 1\nh_count 1\n# EOF\n")]
    [InlineData("# TYPE g gauge\n# UNIT g seconds\ng 1\n# EOF\n")]
    [InlineData("# TYPE g gauge\ng{a=\"1\"} one\n# EOF\n")]
    public void Broken_openmetrics_is_reported(string text) => Assert.NotEmpty(ExpositionValidator.OpenMetrics(text));

    [Theory]
    [InlineData("# TYPE a_total counter\n# UNIT a_total total\na_total 1\n")]
    [InlineData("# TYPE a_total counter\na_total 1\n# EOF\n")]
    [InlineData("# TYPE a_total counter\na_total 1 # {trace_id=\"ab\"} 1\n")]
    public void Openmetrics_only_syntax_is_reported_in_the_text_format(string text) => Assert.NotEmpty(ExpositionValidator.Text(text));
}
