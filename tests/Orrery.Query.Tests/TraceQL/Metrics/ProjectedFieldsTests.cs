using System.Text;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Blocks;
using Orrery.Storage.Traces.Embedded;
using SpanFields = Orrery.Storage.Traces.SpanFields;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>
/// Metrics that ask storage for only the span fields they read give the same answers as reading
/// whole spans, over blocks of a real embedded store (in-memory readers ignore the projection).
/// </summary>
public sealed class ProjectedFieldsTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000_000_000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orrery-projection-" + Guid.NewGuid().ToString("N"));
    private EmbeddedTraceStore? _store;

    public async Task InitializeAsync()
    {
        var blocks = Path.Combine(_directory, "traces", "t", "blocks");
        Directory.CreateDirectory(blocks);
        TraceBlockWriter.Write(blocks, [RandomBatch(new Random(3), 300), RandomBatch(new Random(4), 300)]);
        _store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = _directory, RunBackgroundTasks = false });
        await _store.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("{ } | rate() by (resource.service.name)", SpanFields.Scope)]
    [InlineData("{ } | count_over_time() by (name, kind)", SpanFields.Name | SpanFields.KindAndStatus)]
    [InlineData("{ status = error } | count_over_time() by (resource.service.name)", SpanFields.KindAndStatus | SpanFields.Scope)]
    [InlineData("{ duration > 20ms && resource.service.instance.id != \"x\" } | quantile_over_time(duration, 0.5, 0.99) by (instrumentation:name)", SpanFields.Duration | SpanFields.Scope)]
    [InlineData("{ } | max_over_time(duration) by (status)", SpanFields.Duration | SpanFields.KindAndStatus)]
    [InlineData("{ span.http.method = \"GET\" } | rate()", SpanFields.All)]
    [InlineData("{ .service.name = \"x\" } | rate()", SpanFields.All)]
    [InlineData("{ } >> { } | rate()", SpanFields.All)]
    public void Narrowed_fields_give_the_answer_whole_spans_give(string query, SpanFields expected)
    {
        var parsed = MetricsQuery.Parse(query);
        Assert.Equal(expected, SpanFieldUse.Of(parsed.Spansets, parsed.Aggregate));

        var narrow = new TraceQLMetricsEngine(_store!).QueryRange("t", query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000);
        var whole = new TraceQLMetricsEngine(_store!, new MetricsLimits { DecodeOnlyUsedFields = false })
            .QueryRange("t", query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000);

        Assert.Equal(Text(whole), Text(narrow));
        Assert.Equal(whole.InspectedSpans, narrow.InspectedSpans);
    }

    /// <summary>Traces of 1-12 spans over 5 services x 2 instances x 2 libraries, random names, kinds, statuses, durations, parents.</summary>
    private static SpanBatch RandomBatch(Random random, int traces)
    {
        var b = new SpanBatch();
        for (var r = 0; r < 10; r++)
        {
            var start = b.ResourceAttributes.Count;
            b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.name"), Value = AnyValueRow.FromString(b.Bytes.Append("svc" + (r / 2))) });
            b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.instance.id"), Value = AnyValueRow.FromString(b.Bytes.Append("i" + r)) });
            var resource = b.Resources.Add(new ResourceRow { Attributes = new RowRange(start, 2) });
            b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("lib.a") });
            b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("lib.b") });
        }
        string[] names = ["GET /", "POST /pay", "SELECT", "send"];
        ulong spanId = 1;
        for (var t = 0; t < traces; t++)
        {
            var trace = new TraceId((ulong)random.NextInt64(), (ulong)random.NextInt64());
            var traceStart = T0 + random.NextInt64(50_000_000_000);
            var first = spanId;
            var n = 1 + random.Next(12);
            for (var s = 0; s < n; s++)
            {
                var attributes = b.SpanAttributes.Count;
                b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("http.method"), Value = AnyValueRow.FromString(b.Bytes.Append(random.Next(2) == 0 ? "GET" : "POST")) });
                var begin = traceStart + random.Next(5_000_000);
                b.Spans.Add(new SpanRow
                {
                    Scope = random.Next(20),
                    TraceId = trace,
                    SpanId = new SpanId(spanId),
                    ParentSpanId = s == 0 ? default : new SpanId(first + (ulong)random.Next(s)),
                    Name = b.Bytes.Append(names[random.Next(names.Length)]),
                    Kind = (SpanKind)(1 + random.Next(5)),
                    StatusCode = random.Next(10) == 0 ? StatusCode.Error : StatusCode.Unset,
                    StartUnixNano = begin,
                    EndUnixNano = begin + random.Next(50_000_000),
                    Attributes = new RowRange(attributes, 1),
                });
                spanId++;
            }
        }
        return b;
    }

    private static string Text(MetricsResult r)
    {
        var text = new StringBuilder();
        foreach (var s in r.Series.OrderBy(s => s.PromLabels, StringComparer.Ordinal))
            text.Append(s.PromLabels).Append(": ").AppendJoin(',', s.Values).Append('\n');
        return text.ToString();
    }
}
