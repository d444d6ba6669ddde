using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Blocks;

public sealed class TraceBlockFetchTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Without_conditions_every_trace_with_a_span_in_range_is_yielded_once_and_whole()
    {
        var batch = HandBuiltBatch.Create();
        using var block = Write([batch]);

        var all = block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All), default).ToList();
        var onlyB = block.FetchTraces(FetchSpansRequest.ForRange(new TimeRange(HandBuiltBatch.T0 + 10_000_000, long.MaxValue)), default).ToList();

        Assert.Equal([HandBuiltBatch.TraceA, HandBuiltBatch.TraceB], all.Select(t => t.TraceId));
        Assert.Equal(3, all[0].Rows.Length);
        Assert.All(all, t => Assert.All(t.Rows.ToArray(), r => Assert.Equal(t.TraceId, t.Batch.Spans[r].TraceId)));
        Assert.Equal(HandBuiltBatch.TraceB, Assert.Single(onlyB).TraceId);
        Assert.Equal(2, onlyB[0].Rows.Length);
    }

    public static TheoryData<SpanCondition, string[]> Conditions => new()
    {
        { new(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("SELECT carts")), ["A"] },
        { new(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("GET /cart")), ["A", "B"] },
        { new(AttributeRef.Resource("service.name"), ConditionOperator.Equal, StaticValue.Of("payments")), ["A", "B"] },
        { new(AttributeRef.Resource("host.cores"), ConditionOperator.Equal, StaticValue.Of(8L)), ["A", "B"] },
        { new(AttributeRef.Span("http.method"), ConditionOperator.Equal, StaticValue.Of("POST")), ["B"] },
        { new(AttributeRef.Span("http.status_code"), ConditionOperator.Equal, StaticValue.Of(200L)), ["A"] },
        { new(AttributeRef.Span("amount"), ConditionOperator.Equal, StaticValue.Of(12.5)), ["A"] },
        { new(AttributeRef.Unscoped("service.name"), ConditionOperator.Equal, StaticValue.Of("checkout")), ["A", "B"] },
        { new(AttributeRef.Unscoped("http.method"), ConditionOperator.Exists, default), ["A", "B"] },
        { new(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Error)), ["A"] },
        { new(AttributeRef.Of(Intrinsic.Kind, "kind"), ConditionOperator.Equal, new StaticValue(StaticKind.Kind, (long)SpanKind.Client)), ["A", "B"] },
        { new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(4_000_000)), ["A"] },
        { new(AttributeRef.Of(Intrinsic.ScopeName, "instrumentation.name"), ConditionOperator.Equal, StaticValue.Of("lib.db")), ["A"] },
        { new(new AttributeRef(AttributeScope.Event, "retry"), ConditionOperator.Equal, StaticValue.Of(3L)), ["A"] },
        { new(new AttributeRef(AttributeScope.Link, "link.kind"), ConditionOperator.Equal, StaticValue.Of("follows")), ["A"] },
        { new(AttributeRef.Span("db.statement"), ConditionOperator.Equal, StaticValue.Of("SELECT " + new string('x', 400) + " FROM carts")), ["A"] },
        { new(AttributeRef.Span("http.method"), ConditionOperator.Regex, StaticValue.Of("P.*")), ["A", "B"] },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void A_condition_never_drops_a_trace_that_matches(SpanCondition condition, string[] matching)
    {
        using var block = Write([HandBuiltBatch.Create()]);

        var ids = block.FetchTraces(new FetchSpansRequest(TimeRange.All, [condition]), default).Select(t => t.TraceId).ToHashSet();

        foreach (var m in matching) Assert.Contains(m == "A" ? HandBuiltBatch.TraceA : HandBuiltBatch.TraceB, ids);
    }

    public static TheoryData<SpanCondition> Absent => new()
    {
        new(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("no such span")),
        new(AttributeRef.Resource("service.name"), ConditionOperator.Equal, StaticValue.Of("frontend")),
        new(AttributeRef.Resource("service.name"), ConditionOperator.Equal, StaticValue.Of("GET")),
        new(AttributeRef.Span("http.method"), ConditionOperator.Equal, StaticValue.Of("DELETE")),
        new(AttributeRef.Span("http.method"), ConditionOperator.Equal, StaticValue.Of("checkout")),
        new(AttributeRef.Span("http.status_code"), ConditionOperator.Equal, StaticValue.Of(500L)),
        new(AttributeRef.Span("no.such.key"), ConditionOperator.Exists, default),
        new(AttributeRef.Unscoped("service.name"), ConditionOperator.Equal, StaticValue.Of("frontend")),
        new(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Ok)),
        new(AttributeRef.Of(Intrinsic.Kind, "kind"), ConditionOperator.Equal, new StaticValue(StaticKind.Kind, (long)SpanKind.Producer)),
        new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(10_000_000)),
        new(AttributeRef.Of(Intrinsic.ScopeName, "instrumentation.name"), ConditionOperator.Equal, StaticValue.Of("lib.grpc")),
    };

    [Theory]
    [MemberData(nameof(Absent))]
    public void A_condition_on_a_value_absent_from_the_block_skips_it(SpanCondition condition)
    {
        using var block = Write([HandBuiltBatch.Create()]);

        Assert.Empty(block.FetchTraces(new FetchSpansRequest(TimeRange.All, [condition]), default));
    }

    [Fact]
    public void All_conditions_skip_when_one_cannot_hold_and_any_condition_only_when_none_can()
    {
        using var block = Write([HandBuiltBatch.Create()]);
        SpanCondition present = new(AttributeRef.Span("http.method"), ConditionOperator.Equal, StaticValue.Of("POST"));
        SpanCondition absent = new(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("nope"));

        Assert.Empty(block.FetchTraces(new FetchSpansRequest(TimeRange.All, [present, absent], AllConditions: true), default));
        Assert.NotEmpty(block.FetchTraces(new FetchSpansRequest(TimeRange.All, [present, absent], AllConditions: false), default));
        Assert.Empty(block.FetchTraces(new FetchSpansRequest(TimeRange.All, [absent, absent], AllConditions: false), default));
    }

    [Fact]
    public void Pages_whose_summaries_exclude_a_condition_are_skipped_but_matches_are_kept()
    {
        var generator = new RealisticSpans(seed: 11);
        var batches = new[] { generator.NextBatch(200), generator.NextBatch(200) };
        using var block = Write(batches, new BlockWriteOptions { PageSpans = 40 });
        var condition = new SpanCondition(AttributeRef.Resource("service.name"), ConditionOperator.Equal, StaticValue.Of("service-07"));
        var expected = batches.SelectMany(b => Enumerable.Range(0, b.Count).Where(i => b.ServiceName(i).SequenceEqual("service-07"u8)).Select(i => b.Spans[i].TraceId)).ToHashSet();
        var errors = new SpanCondition(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Error));
        var expectedErrors = batches.SelectMany(b => Enumerable.Range(0, b.Count).Where(i => b.Spans[i].StatusCode == StatusCode.Error).Select(i => b.Spans[i].TraceId)).ToHashSet();

        var byService = block.FetchTraces(new FetchSpansRequest(TimeRange.All, [condition]), default).Select(t => t.TraceId).ToHashSet();
        var byStatus = block.FetchTraces(new FetchSpansRequest(TimeRange.All, [errors]), default).Select(t => t.TraceId).ToHashSet();

        Assert.Subset(byService, expected);
        Assert.Subset(byStatus, expectedErrors);
        Assert.True(byStatus.Count < 400, "some pages without errors were skipped");
    }

    [Fact]
    public void Cancellation_stops_the_enumeration()
    {
        using var block = Write([HandBuiltBatch.Create()]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All), cts.Token).ToList());
    }

    private TraceBlock Write(IEnumerable<SpanBatch> batches, BlockWriteOptions? options = null)
    {
        var meta = TraceBlockWriter.Write(_dir.Path, batches, 0, options ?? BlockWriteOptions.Default);
        return TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));
    }
}
