using Orrery.Signals;
using Orrery.Storage.Traces;
using static Orrery.Storage.Tests.Support.TestSpans;

namespace Orrery.Storage.Tests.Traces;

/// <summary>
/// The isolation check shared by the head and block tests: tenant-a holds trace 1 (span 1,
/// svc-a, op-a, key-a=value-a), tenant-b holds trace 2 (span 2, the "-b" names).
/// </summary>
internal static class TenancyAssertions
{
    public static void Isolated(ITraceReader store)
    {
        foreach (var (own, other, ownTrace, otherTrace, s) in new[] { ("tenant-a", "tenant-b", Trace(1), Trace(2), "a"), ("tenant-b", "tenant-a", Trace(2), Trace(1), "b") })
        {
            var o = s == "a" ? "b" : "a";
            Assert.NotNull(store.FindTrace(own, ownTrace, TimeRange.All));
            Assert.Null(store.FindTrace(own, otherTrace, TimeRange.All));
            Assert.Equal(new[] { ownTrace }, store.FetchTraces(own, FetchSpansRequest.ForRange(TimeRange.All)).Select(t => t.TraceId).Distinct());

            var spanNames = store.TagNames(own, AttributeScope.Span, TimeRange.All, 100);
            Assert.Contains("key-" + s, spanNames);
            Assert.DoesNotContain("key-" + o, spanNames);
            var services = store.TagValues(own, AttributeRef.Resource("service.name"), TimeRange.All, 100).Select(v => v.Value).ToList();
            Assert.Equal(new[] { "svc-" + s }, services);
            Assert.Empty(store.TagValues(own, AttributeRef.Span("key-" + o), TimeRange.All, 100));
            Assert.DoesNotContain(store.TagValues(own, AttributeRef.Of(Intrinsic.Name, "name"), TimeRange.All, 100), v => v.Value == "op-" + o);
        }
        Assert.Null(store.FindTrace("tenant-c", Trace(1), TimeRange.All));
        Assert.Empty(store.FetchTraces("tenant-c", FetchSpansRequest.ForRange(TimeRange.All)));
    }
}
