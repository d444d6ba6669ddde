using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Orrery.Generate.ClickHouse;
using Orrery.Generate.Traces;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Generate.Tests.ClickHouse;

public class ClickHouseSpanRowsTests
{
    [Fact]
    public void Each_span_becomes_one_row_with_the_exporters_values()
    {
        var batch = new SpanBatch();
        new RealisticTraceShape(seed: 3).Fill(batch, 600, nowUnixNano: 1_700_000_000_000_000_000);

        var rows = TsvReader.Rows(Write(batch), ClickHouseSpanRows.Columns);

        Assert.Equal(batch.Spans.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var span = batch.Spans[i];
            var row = rows[i];
            Assert.Equal(span.TraceId.ToHex(), row["TraceId"]);
            Assert.Equal(span.SpanId.Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), row["SpanId"]);
            Assert.Equal(span.ParentSpanId.Value == 0 ? "" : span.ParentSpanId.Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), row["ParentSpanId"]);
            Assert.Equal(span.StartUnixNano.ToString(System.Globalization.CultureInfo.InvariantCulture), row["Timestamp"]);
            Assert.Equal(span.DurationNano.ToString(System.Globalization.CultureInfo.InvariantCulture), row["Duration"]);
            Assert.Equal(batch.String(span.Name), TsvReader.Unescape(row["SpanName"]));
            Assert.Equal(span.Kind.ToString(), row["SpanKind"]);
            Assert.Equal(span.StatusCode.ToString(), row["StatusCode"]);
            Assert.Equal(Encoding.UTF8.GetString(batch.ServiceName(i)), row["ServiceName"]);
            var attributes = batch.SpanAttributes.AsSpan().Slice(span.Attributes.Start, span.Attributes.Count).ToArray();
            Assert.Equal(attributes.Select(a => batch.String(a.Key)), TsvReader.Array(row["SpanAttributes.Key"]));
            Assert.Equal(attributes.Select(a => AnyValueText.Format(a.Value, batch.Bytes)), TsvReader.Array(row["SpanAttributes.Value"]));
            var events = batch.Events.AsSpan().Slice(span.Events.Start, span.Events.Count).ToArray();
            Assert.Equal(events.Select(e => batch.String(e.Name)), TsvReader.Array(row["Events.Name"]));
            Assert.Equal(events.Select(e => e.Attributes.Count), TsvReader.Arrays(row["Events.AttributeValues"]).Select(a => a.Count));
        }
        Assert.Contains(rows, r => r["StatusCode"] == "Error");
        Assert.Contains(rows, r => TsvReader.Array(r["SpanAttributes.Value"]).Contains("500"));
        Assert.Contains(rows, r => TsvReader.Arrays(r["Events.AttributeValues"]).Any(v => v.Contains("40P01: deadlock detected")));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("tab\there")]
    [InlineData("two\nlines\r\n")]
    [InlineData("it's \\ 'quoted'")]
    [InlineData("ünïcode ✓")]
    public void Text_with_separators_quotes_and_backslashes_reads_back_unchanged(string text)
    {
        var batch = new SpanBatch();
        var start = batch.ResourceAttributes.Count;
        batch.ResourceAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append("service.name"), Value = AnyValueRow.FromString(batch.Bytes.Append(text)) });
        var resource = batch.Resources.Add(new ResourceRow { Attributes = new RowRange(start, 1) });
        var scope = batch.Scopes.Add(new ScopeRow { Resource = resource, Name = batch.Bytes.Append(text) });
        batch.SpanAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append(text), Value = AnyValueRow.FromString(batch.Bytes.Append(text)) });
        batch.Spans.Add(new SpanRow
        {
            Scope = scope,
            TraceId = new TraceId(1, 2),
            SpanId = new SpanId(3),
            Name = batch.Bytes.Append(text),
            StatusMessage = batch.Bytes.Append(text),
            Attributes = new RowRange(0, 1),
        });

        var row = Assert.Single(TsvReader.Rows(Write(batch), ClickHouseSpanRows.Columns));

        Assert.Equal(text, TsvReader.Unescape(row["SpanName"]));
        Assert.Equal(text, TsvReader.Unescape(row["ServiceName"]));
        Assert.Equal(text, TsvReader.Unescape(row["ScopeName"]));
        Assert.Equal(text, TsvReader.Unescape(row["StatusMessage"]));
        Assert.Equal([text], TsvReader.Array(row["SpanAttributes.Key"]));
        Assert.Equal([text], TsvReader.Array(row["SpanAttributes.Value"]));
    }

    [Fact]
    public void A_payload_source_with_rows_writes_exactly_the_spans_it_sends()
    {
        using var directory = new TempDirectory();
        using var files = new ClickHouseRowFiles(directory.Path);
        var sent = new List<string>();
        for (var worker = 0; worker < 2; worker++)
        {
            var source = new TracePayloadSource(new RealisticTraceShape(seed: worker), files.Spans(worker));
            for (var request = 0; request < 3; request++)
            {
                var decoded = ExportTraceServiceRequest.Parser.ParseFrom(source.Next(250).Span);
                sent.AddRange(decoded.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => Convert.ToHexStringLower(s.SpanId.ToByteArray())));
            }
        }
        files.Dispose();

        Assert.Equal(ClickHouseSpanRows.Columns + "\n", File.ReadAllText(System.IO.Path.Combine(directory.Path, "otel_traces.columns")));
        var written = Enumerable.Range(0, 2)
            .SelectMany(w => TsvReader.Rows(File.ReadAllBytes(System.IO.Path.Combine(directory.Path, $"otel_traces.{w}.tsv")), ClickHouseSpanRows.Columns))
            .Select(r => r["SpanId"]);
        Assert.Equal(sent.Order(), written.Order());
        Assert.Equal(1_500, sent.Count);
    }

    private static byte[] Write(SpanBatch batch)
    {
        using var stream = new MemoryStream();
        using var rows = new ClickHouseSpanRows(stream);
        rows.Write(batch);
        return stream.ToArray();
    }
}
