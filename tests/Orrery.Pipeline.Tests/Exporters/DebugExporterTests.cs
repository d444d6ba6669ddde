using Orrery.Pipeline.Exporters;
using Orrery.Pipeline.Tests.Processors;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Exporters;

public class DebugExporterTests
{
    [Theory]
    // per second: the first sampling_initial batches, then every sampling_thereafter-th
    [InlineData(2, 1, 5, 5)]
    [InlineData(2, 3, 8, 4)]
    [InlineData(0, 2, 4, 2)]
    public async Task Writes_a_sampled_line_per_batch(int initial, int thereafter, int batches, int lines)
    {
        var output = new StringWriter();
        var exporter = new DebugExporterFactory(output).CreateTracesExporter(
            TestContext.Settings("debug", $"sampling_initial: {initial}\nsampling_thereafter: {thereafter}\n"),
            new PipelineTerminals(null, null, null),
            TestContext.Create(new ManualTime()));

        for (var i = 0; i < batches; i++) await exporter.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());

        Assert.Equal(lines, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Detailed_verbosity_names_each_span()
    {
        var output = new StringWriter();
        ITraceConsumer exporter = new DebugExporterFactory(output).CreateTracesExporter(
            TestContext.Settings("debug", "verbosity: detailed\n"), new PipelineTerminals(null, null, null), TestContext.Create(new ManualTime()));

        await exporter.ConsumeAsync("tenant-x", new SpanBatchBuilder().Span("checkout", SpanKind.Client).Build());

        Assert.Contains("debug: traces tenant=tenant-x spans=1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("checkout Client", output.ToString(), StringComparison.Ordinal);
    }
}
