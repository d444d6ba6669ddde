using System.Text;
using Orrery.Receive.Scrape.Exposition;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Scrape;

public class ExpositionParserTests
{
    private const long ScrapeTime = 1_700_000_000_000;

    private static MetricBatch Parse(string body, ExpositionFormat format = ExpositionFormat.PrometheusText, bool honorTimestamps = true)
    {
        var batch = new MetricBatch();
        ExpositionParser.Parse(Encoding.UTF8.GetBytes(body), format, batch, ScrapeTime, honorTimestamps);
        return batch;
    }

    [Fact]
    public void NodeExporterOutputGivesEverySampleWithTheScrapeTime()
    {
        var batch = Parse(ExpositionSamples.NodeExporter);

        var samples = BatchReader.Samples(batch);
        Assert.Equal(13, samples.Count);
        Assert.All(samples, s => Assert.Equal(ScrapeTime, s.TimestampMs));
        Assert.Equal(1.33421451e+06, BatchReader.Single(batch, "{__name__=\"node_cpu_seconds_total\", cpu=\"0\", mode=\"idle\"}").Value);
        Assert.Equal(0.000340451, BatchReader.Single(batch, "{__name__=\"go_gc_duration_seconds\", quantile=\"1\"}").Value);
        Assert.Equal(892, BatchReader.Single(batch, "{__name__=\"go_gc_duration_seconds_count\"}").Value);
        Assert.Equal(0, BatchReader.Single(batch, "{__name__=\"node_textfile_scrape_error\"}").Value);
    }

    [Fact]
    public void MetadataRowsNameEachFamilyOnce()
    {
        var batch = Parse(ExpositionSamples.NodeExporter);

        var rows = batch.Metadata.AsSpan().ToArray().Select(m => (batch.String(m.MetricFamily), m.Type, batch.String(m.Help))).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Contains(("go_gc_duration_seconds", MetricType.Summary, "A summary of the pause duration of garbage collection cycles."), rows);
        Assert.Contains(("node_cpu_seconds_total", MetricType.Counter, "Seconds the CPUs spent in each mode."), rows);
        Assert.Contains(("node_load1", MetricType.Gauge, "1m load average."), rows);
    }

    [Fact]
    public void ClassicHistogramBucketsAreSeriesWithLe()
    {
        var batch = Parse(ExpositionSamples.Histogram);

        Assert.Equal(144320, BatchReader.Single(batch, "{__name__=\"http_request_duration_seconds_bucket\", le=\"+Inf\"}").Value);
        Assert.Equal(53423, BatchReader.Single(batch, "{__name__=\"http_request_duration_seconds_sum\"}").Value);
        Assert.Equal(MetricType.Histogram, batch.Metadata[0].Type);
    }

    [Fact]
    public void LabelValuesAreUnescapedAndMayHoldAnything()
    {
        var batch = Parse("msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",odd=\"a\\tb,}={\"} 1.458255915e9\n");

        var labels = BatchReader.Labels(batch, 0);
        Assert.Equal("C:\\DIR\\FILE.TXT", labels.Get("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", labels.Get("error"));
        // An unknown escape is kept as written, as Prometheus does.
        Assert.Equal("a\\tb,}={", labels.Get("odd"));
    }

    [Fact]
    public void HelpTextIsUnescaped()
    {
        var batch = Parse("# HELP x A \\\\ backslash\\nand a newline\n# TYPE x gauge\nx 1\n");

        Assert.Equal("A \\ backslash\nand a newline", batch.String(batch.Metadata[0].Help));
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("1e-3", 0.001)]
    [InlineData("-0.5", -0.5)]
    [InlineData("12345678901234567890", 12345678901234567890d)]
    public void SpecialAndExponentValues(string text, double expected)
    {
        var batch = Parse($"x {text}\n");

        Assert.Equal(expected, batch.Samples[0].Value);
    }

    [Fact]
    public void TextTimestampsAreMillisecondsAndHonoredOnlyWhenAsked()
    {
        const string body = "# TYPE x untyped\nx{a=\"1\"} 3 1395066363000\nx{a=\"2\"} 4\n";

        var honored = Parse(body);
        var ignored = Parse(body, honorTimestamps: false);

        Assert.Equal(1395066363000, honored.Samples[0].TimestampMs);
        Assert.Equal(ScrapeTime, honored.Samples[1].TimestampMs);
        Assert.Equal(ScrapeTime, ignored.Samples[0].TimestampMs);
        Assert.Equal(MetricType.Unknown, honored.Metadata[0].Type);
    }

    [Fact]
    public void TextFormatToleratesBlanksTrailingCommaAndMissingNewline()
    {
        var batch = Parse("\n  metric_a { a = \"1\" , b=\"2\", }\t 5 \t\n\nmetric_b 6");

        Assert.Equal(["{__name__=\"metric_a\", a=\"1\", b=\"2\"}", "{__name__=\"metric_b\"}"], BatchReader.Samples(batch).Select(s => s.Series));
    }

    [Fact]
    public void OpenMetricsFamiliesTypesAndExemplars()
    {
        var batch = Parse(ExpositionSamples.OpenMetrics, ExpositionFormat.OpenMetrics);

        var samples = BatchReader.Samples(batch);
        Assert.Equal(14, samples.Count);
        Assert.Equal(1605281325.0, BatchReader.Single(batch, "{__name__=\"acme_http_router_request_seconds_created\", method=\"GET\", path=\"/api/v1\"}").Value);
        Assert.Equal(1520879607789, BatchReader.Single(batch, "{__name__=\"foo_total\"}").TimestampMs);
        Assert.Equal(1, BatchReader.Single(batch, "{__name__=\"build_info\", version=\"1.2.3\"}").Value);
        Assert.Equal(4, BatchReader.Single(batch, "{__name__=\"queue_wait_gcount\"}").Value);

        Assert.Equal(2, batch.Exemplars.Count);
        var bucket = batch.Exemplars[0];
        Assert.Equal("{__name__=\"acme_http_router_request_seconds_bucket\", le=\"0.1\", method=\"GET\", path=\"/api/v1\"}", BatchReader.Labels(batch, bucket.Series).ToString());
        Assert.Equal(0.067, bucket.Value);
        Assert.Equal(1690000000123, bucket.TimestampMs);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", BatchReader.ExemplarLabels(batch, 0)["trace_id"]);
        // Without its own timestamp an exemplar takes its sample's.
        Assert.Equal(1520879607789, batch.Exemplars[1].TimestampMs);
        Assert.Equal(5, batch.Exemplars[1].Value);

        var metadata = batch.Metadata.AsSpan().ToArray().ToDictionary(m => batch.String(m.MetricFamily));
        Assert.Equal("seconds", batch.String(metadata["acme_http_router_request_seconds"].Unit));
        Assert.Equal(MetricType.Histogram, metadata["acme_http_router_request_seconds"].Type);
        Assert.Equal(MetricType.Info, metadata["build"].Type);
        Assert.Equal(MetricType.StateSet, metadata["feature"].Type);
        Assert.Equal(MetricType.GaugeHistogram, metadata["queue_wait"].Type);
    }

    [Theory]
    [InlineData("1690000000.123", 1690000000123)]
    [InlineData("1690000000", 1690000000000)]
    [InlineData("1690000000.1239", 1690000000123)]
    [InlineData("1.5e3", 1500000)]
    [InlineData("-1.5", -1500)]
    public void OpenMetricsTimestampsAreSecondsWithFractions(string text, long expectedMs)
    {
        var batch = Parse($"x 1 {text}\n# EOF\n", ExpositionFormat.OpenMetrics);

        Assert.Equal(expectedMs, batch.Samples[0].TimestampMs);
    }

    [Theory]
    // Text format
    [InlineData(ExpositionFormat.PrometheusText, "a 1\nb{x=\"1\" 2\n", 2, "expected ',' or '}'")]
    [InlineData(ExpositionFormat.PrometheusText, "a 1\n\nc{x=\"unterminated} 2\n", 3, "unterminated label value")]
    [InlineData(ExpositionFormat.PrometheusText, "a one\n", 1, "invalid value \"one\"")]
    [InlineData(ExpositionFormat.PrometheusText, "a\n", 1, "missing value")]
    [InlineData(ExpositionFormat.PrometheusText, "a 1 2 3\n", 1, "unexpected text after the timestamp")]
    [InlineData(ExpositionFormat.PrometheusText, "a 1 1.5\n", 1, "invalid timestamp")]
    [InlineData(ExpositionFormat.PrometheusText, "# TYPE a gauge\n# TYPE b countr\n", 2, "invalid metric type \"countr\"")]
    [InlineData(ExpositionFormat.PrometheusText, "0abc 1\n", 1, "invalid metric name")]
    [InlineData(ExpositionFormat.PrometheusText, "a{0x=\"1\"} 1\n", 1, "invalid label name")]
    [InlineData(ExpositionFormat.PrometheusText, "a{x=\"1\",x=\"2\"} 1\n", 1, "label name \"x\" is not unique")]
    // OpenMetrics
    [InlineData(ExpositionFormat.OpenMetrics, "a 1\n", 2, "missing # EOF")]
    [InlineData(ExpositionFormat.OpenMetrics, "a 1\n# EOF\nb 2\n", 3, "unexpected data after # EOF")]
    [InlineData(ExpositionFormat.OpenMetrics, "a 1\n\n# EOF\n", 2, "empty line")]
    [InlineData(ExpositionFormat.OpenMetrics, "a  1\n# EOF\n", 1, "single space")]
    [InlineData(ExpositionFormat.OpenMetrics, "# free comment\n# EOF\n", 1, "invalid comment")]
    [InlineData(ExpositionFormat.OpenMetrics, "# TYPE a gauge\na 1 # {x=\"1\"} 1\n# EOF\n", 2, "exemplars are only allowed")]
    [InlineData(ExpositionFormat.OpenMetrics, "# TYPE a counter\na_total 1 # {x=\"1\"}\n# EOF\n", 2, "missing value")]
    [InlineData(ExpositionFormat.OpenMetrics, "# UNIT a_bytes seconds\n# EOF\n", 1, "not a suffix")]
    [InlineData(ExpositionFormat.OpenMetrics, "a 1 NaN\n# EOF\n", 1, "invalid timestamp")]
    public void MalformedInputNamesTheLine(ExpositionFormat format, string body, int line, string reason)
    {
        var e = Assert.Throws<ExpositionFormatException>(() => Parse(body, format));

        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith($"line {line}: ", e.Message);
    }

    [Fact]
    public void InvalidUtf8InALabelValueIsRefused()
    {
        var body = "a{x=\""u8.ToArray().Concat(new byte[] { 0xff, 0xfe }).Concat("\"} 1\n"u8.ToArray()).ToArray();

        var e = Assert.Throws<ExpositionFormatException>(() => ExpositionParser.Parse(body, ExpositionFormat.PrometheusText, new MetricBatch(), 0));
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void ReaderExposesTheRawSeriesTextForCaching()
    {
        var reader = new ExpositionReader("a{x=\"1\"} 2 3\n"u8, ExpositionFormat.PrometheusText);

        Assert.True(reader.Next());
        Assert.Equal("a{x=\"1\"}", Encoding.UTF8.GetString(reader.SeriesText));
        Assert.Equal("a", Encoding.UTF8.GetString(reader.MetricName));
        Assert.True(reader.HasTimestamp);
        Assert.Equal(3, reader.TimestampMs);
        Assert.False(reader.Next());
    }

    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText)]
    [InlineData(null, ExpositionFormat.PrometheusText)]
    [InlineData("application/json", ExpositionFormat.PrometheusText)]
    public void ContentTypeChoosesTheParser(string? contentType, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionFormats.FromContentType(contentType));
}
