using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Tests.Blocks;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Traces;

/// <summary>
/// Conditions evaluated on encoded page columns agree with evaluating them on decoded spans: on
/// random blocks, every trace with a span satisfying the request is yielded (soundness), and for
/// conditions the columns judge exactly, nothing else is.
/// </summary>
public sealed class PageFilterAgreementTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_requests_yield_exactly_the_traces_a_decoded_evaluation_finds(int seed)
    {
        var spans = new RandomSpans(seed);
        var batches = new[] { spans.NextBatch(60), spans.NextBatch(60) };
        using var block = Write(batches);

        for (var round = 0; round < 150; round++)
        {
            var conditions = Enumerable.Range(0, 1 + (round % 3)).Select(_ => spans.NextCondition()).ToList();
            var all = round % 2 == 0;
            var request = new FetchSpansRequest(TimeRange.All, conditions, all);

            var expected = Expected(batches, conditions, all);
            var fetched = block.FetchTraces(request, default).Select(t => t.TraceId).ToList();

            Assert.Equal(fetched.Count, fetched.Distinct().Count());
            var missing = expected.Except(fetched).ToList();
            Assert.True(missing.Count == 0, $"{Describe(request)}: dropped {missing.Count} matching traces");
            if (IsExact(conditions))
            {
                var extra = fetched.Except(expected).ToList();
                Assert.True(extra.Count == 0, $"{Describe(request)}: {extra.Count} traces without a matching span");
            }
        }
    }

    [Fact]
    public void A_page_without_a_matching_trace_is_evaluated_but_not_decoded()
    {
        var spans = new RandomSpans(9);
        var batches = new[] { spans.NextBatch(80) };
        using var block = Write(batches);
        var stats = new FetchStatistics();
        // Every page holds every name (page summaries cannot skip), yet only spans of one name match.
        var request = new FetchSpansRequest(TimeRange.All, [new(AttributeRef.Span("a"), ConditionOperator.Equal, StaticValue.Of(RandomSpans.LongString))])
        {
            Statistics = stats,
        };

        var fetched = block.FetchTraces(request, default).ToList();

        Assert.All(fetched, t => Assert.True(AnySpan(t, s => RandomSpans.Matches(t.Batch, s, request.Conditions[0]))));
        Assert.True(stats.SpansEvaluated > 0);
        Assert.True(stats.SpansDecoded < stats.SpansEvaluated, $"decoded {stats.SpansDecoded} of {stats.SpansEvaluated} evaluated");
    }

    [Fact]
    public void Pages_whose_summaries_exclude_the_condition_are_skipped_without_being_read()
    {
        var spans = new RandomSpans(5);
        using var block = Write([spans.NextBatch(80)]);
        var stats = new FetchStatistics();
        var request = new FetchSpansRequest(TimeRange.All, [new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(5000))])
        {
            Statistics = stats,
        };

        Assert.Empty(block.FetchTraces(request, default));
        Assert.Equal(0, stats.SpansEvaluated);
        Assert.Equal(block.Meta.SpanCount, stats.SpansSkipped);
    }

    [Fact]
    public void A_projection_fills_the_asked_fields_as_a_full_read_does()
    {
        var spans = new RandomSpans(6);
        using var block = Write([spans.NextBatch(50)]);
        var fields = SpanFields.Name | SpanFields.Duration | SpanFields.Scope;

        var full = block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All), default).ToList();
        var projected = block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All) with { Fields = fields }, default).ToList();

        Assert.Equal(full.Select(t => t.TraceId), projected.Select(t => t.TraceId));
        for (var t = 0; t < full.Count; t++)
        {
            var (a, b) = (full[t], projected[t]);
            Assert.Equal(a.Rows.Length, b.Rows.Length);
            for (var i = 0; i < a.Rows.Length; i++)
            {
                ref var x = ref a.Batch.Spans[a.Rows.Span[i]];
                ref var y = ref b.Batch.Spans[b.Rows.Span[i]];
                Assert.Equal((x.TraceId, x.SpanId, x.StartUnixNano, x.EndUnixNano), (y.TraceId, y.SpanId, y.StartUnixNano, y.EndUnixNano));
                Assert.Equal(a.Batch.String(x.Name), b.Batch.String(y.Name));
                Assert.Equal(a.Batch.ServiceName(a.Rows.Span[i]).ToArray(), b.Batch.ServiceName(b.Rows.Span[i]).ToArray());
            }
        }
    }

    private static bool AnySpan(TraceSpans t, Func<int, bool> predicate)
    {
        foreach (var row in t.Rows.Span)
        {
            if (predicate(row)) return true;
        }
        return false;
    }

    /// <summary>Traces with a span satisfying every condition (or any, for OR), over all input spans.</summary>
    private static HashSet<TraceId> Expected(SpanBatch[] batches, List<SpanCondition> conditions, bool all)
    {
        var ids = new HashSet<TraceId>();
        foreach (var b in batches)
        {
            for (var row = 0; row < b.Count; row++)
            {
                var match = all ? conditions.TrueForAll(c => RandomSpans.Matches(b, row, c)) : conditions.Exists(c => RandomSpans.Matches(b, row, c));
                if (match) ids.Add(b.Spans[row].TraceId);
            }
        }
        return ids;
    }

    /// <summary>Ordered comparisons with attribute strings may meet inline (long) strings, which the columns do not judge.</summary>
    private static bool IsExact(List<SpanCondition> conditions) => conditions.TrueForAll(c =>
        c.Attribute.Scope == AttributeScope.Intrinsic || c.Operand.Kind != StaticKind.String || c.Operator == ConditionOperator.Equal);

    private static string Describe(FetchSpansRequest r) =>
        string.Join(r.AllConditions ? " && " : " || ", r.Conditions.Select(c => $"{c.Attribute} {c.Operator} {c.Operand.Kind}:{c.Operand}"));

    private TraceBlock Write(IEnumerable<SpanBatch> batches)
    {
        var meta = TraceBlockWriter.Write(_dir.Path, batches, 0, new BlockWriteOptions { PageSpans = 16 });
        return TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));
    }
}
