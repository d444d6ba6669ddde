using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.Tests.LogQL;

/// <summary>line_format and label_format read structured metadata as they read labels, and run the new template actions per line.</summary>
public class FormatOverMetadataTests
{
    private const long S = 1_000_000_000;
    private static readonly LabelSet Svc = LabelSet.From(("service_name", "checkout"));

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(Svc, 1 * S, """{"items":[{"sku":"a"},{"sku":"b"}]}""", ("trace_id", "0af7651916cd43dd8448eb211c80319c"), ("detected_level", "info"))
        .Add(Svc, 2 * S, "plain", ("detected_level", "error"));

    private StreamsResult Run(string query) =>
        Assert.IsType<StreamsResult>(new LogQLEngine(_reader).Execute("default", new LogQLRequest(query, 0, 10 * S, S, LogDirection.Forward, 100)));

    [Fact]
    public void Line_format_reads_structured_metadata()
    {
        var result = Run("""{service_name="checkout"} | line_format "{{.detected_level | ToUpper}} {{ .trace_id | default \"-\" | trunc 8 }}" """);

        Assert.Equal(["INFO 0af76519", "ERROR -"], result.Entries.Select(e => e.Line));
    }

    [Fact]
    public void Line_format_ranges_over_json_in_the_line()
    {
        var result = Run("""{service_name="checkout"} |= "items" | line_format `{{ range (fromJson __line__).items }}{{ .sku }};{{ end }}` """);

        Assert.Equal("a;b;", Assert.Single(result.Entries).Line);
    }

    [Fact]
    public void Label_format_with_a_with_block_and_metadata()
    {
        var result = Run("""{service_name="checkout"} | label_format short=`{{ with .trace_id }}{{ trunc 4 . }}{{ else }}none{{ end }}` | line_format "{{.short}}" """);

        Assert.Equal(["0af7", "none"], result.Entries.Select(e => e.Line));
        Assert.Equal("0af7", result.Entries[0].Labels.Get("short"));
    }
}
