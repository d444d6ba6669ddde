using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Orrery.Generate.Traces;
using Orrery.Signals;
using Orrery.Signals.Traces;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Generate.Tests.Traces;

public class TraceShapeTests
{
    [Theory]
    [InlineData(TracePreset.Tiny, 1)]
    [InlineData(TracePreset.Tiny, 500)]
    [InlineData(TracePreset.Realistic, 1)]
    [InlineData(TracePreset.Realistic, 7)]
    [InlineData(TracePreset.Realistic, 1_000)]
    public void A_request_holds_exactly_the_spans_asked_for_and_decodes_with_the_reference_parser(TracePreset preset, int spans)
    {
        var source = new TracePayloadSource(TraceShapes.Create(preset, seed: 1));

        var request = ExportTraceServiceRequest.Parser.ParseFrom(source.Next(spans).Span);

        Assert.Equal(spans, request.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)));
        Assert.All(AllSpans(request), s => Assert.False(s.TraceId.IsEmpty || s.SpanId.IsEmpty));
    }

    [Fact]
    public void Realistic_traces_are_trees_over_several_services_with_http_db_and_messaging_spans_events_and_errors()
    {
        var batch = new SpanBatch();
        var shape = new RealisticTraceShape(seed: 7);
        var parents = new Dictionary<SpanId, TraceId>();
        var orphans = 0;
        var spans = new List<ProtoSpan>();
        var services = new HashSet<string>();
        for (var round = 0; round < 10; round++)
        {
            batch.Clear();
            shape.Fill(batch, 1_000, 1_700_000_000_000_000_000);
            for (var i = 0; i < batch.Count; i++)
            {
                ref var span = ref batch.Spans[i];
                // Spans come parent first, within a batch or across consecutive ones.
                if (!span.ParentSpanId.IsEmpty && !(parents.TryGetValue(span.ParentSpanId, out var trace) && trace == span.TraceId)) orphans++;
                parents[span.SpanId] = span.TraceId;
                Assert.True(span.EndUnixNano >= span.StartUnixNano);
            }
            var request = ExportTraceServiceRequest.Parser.ParseFrom(OtlpRequest(batch));
            spans.AddRange(AllSpans(request));
            services.UnionWith(request.ResourceSpans.Select(r => r.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue));
        }

        Assert.Equal(0, orphans);
        Assert.True(services.Count >= 6, string.Join(", ", services));
        Assert.Contains(spans, s => s.Attributes.Any(a => a.Key == "http.route"));
        Assert.Contains(spans, s => s.Attributes.Any(a => a.Key == "db.system" && a.Value.StringValue == "postgresql"));
        Assert.Contains(spans, s => s.Attributes.Any(a => a.Key == "messaging.system"));
        Assert.Contains(spans, s => s.Kind == ProtoSpan.Types.SpanKind.Consumer);
        Assert.Contains(spans, s => s.Events.Any(e => e.Name == "exception" && e.Attributes.Any(a => a.Key == "exception.type")));
        Assert.Contains(spans, s => s.Status?.Code == OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Error);
        Assert.InRange(spans.Count(s => s.ParentSpanId.IsEmpty), 400, 2_500); // 5 to 25 spans per trace
    }

    [Fact]
    public void Tiny_spans_are_one_span_traces_with_sequence_numbers()
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(new TracePayloadSource(new TinyTraceShape(3)).Next(10).Span);

        var spans = AllSpans(request).ToList();

        Assert.Equal(10, spans.Select(s => s.TraceId).Distinct().Count());
        Assert.All(spans, s => Assert.True(s.ParentSpanId.IsEmpty));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), spans.Select(s => s.Attributes.Single(a => a.Key == "load_generator.span_seq_num").Value.IntValue));
    }

    private static byte[] OtlpRequest(SpanBatch batch) => Orrery.Signals.Otlp.OtlpTraceProtobufWriter.Write(batch, Orrery.Signals.Otlp.OtlpTraceMessage.TracesData);

    private static IEnumerable<ProtoSpan> AllSpans(ExportTraceServiceRequest request) =>
        request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans);
}
