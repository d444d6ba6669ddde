using Orrery.Query.LogQL.Syntax;
using Orrery.Query.PromQL.Functions;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

public class SortAndAbsentTests
{
    [Fact]
    public void Sort_and_sort_desc_put_NaN_last()
    {
        var input = new[] { S(2, ("i", "a")), S(double.NaN, ("i", "b")), S(1, ("i", "c")), S(3, ("i", "d")) };
        Assert.Equal(["c", "a", "d", "b"], Instant("sort", input).Select(s => s.Metric.Get("i")));
        Assert.Equal(["d", "a", "c", "b"], Instant("sort_desc", input).Select(s => s.Metric.Get("i")));
    }

    [Fact]
    public void Sort_by_label_uses_natural_order_then_all_labels()
    {
        var input = new[]
        {
            S(1, ("host", "node10"), ("z", "1")), S(2, ("host", "node9")), S(3, ("host", "node10"), ("z", "0")), S(4, ("host", "alpha")),
        };
        Assert.Equal([4.0, 2, 3, 1], Instant("sort_by_label", input, strings: [null, "host"]).Select(s => s.F));
        Assert.Equal([1.0, 3, 2, 4], Instant("sort_by_label_desc", input, strings: [null, "host"]).Select(s => s.F));
    }

    [Theory]
    [InlineData("a2", "a10", true)]
    [InlineData("a10", "a2", false)]
    [InlineData("a", "b", true)]
    [InlineData("x1y", "x1z", true)]
    [InlineData("1", "01", true)] // Equal numbers, A ends first.
    public void Natural_order(string a, string b, bool less)
    {
        Assert.Equal(less, NaturalOrder.Less(a, b));
    }

    private static VectorSelector Selector(params LabelMatcher[] matchers) => new("up", EquatableList.Of(matchers));

    [Fact]
    public void Absent_of_an_empty_vector_is_one_with_the_equality_labels()
    {
        var selector = Selector(
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "__name__", "up"),
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "job", "api"),
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "env", "a"),
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Regex, "env", "a|b"),
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Regex, "zone", "x.*"),
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "dup", "1"),
            new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "dup", "2"));
        var result = Assert.Single(Instant("absent", [], argExprs: [selector]));
        Assert.Equal(1, result.F);
        Assert.Equal(L(("job", "api")), result.Metric);
    }

    [Fact]
    public void Absent_of_a_non_empty_vector_is_empty()
    {
        Assert.Empty(Instant("absent", [S(1)], argExprs: [Selector()]));
    }

    [Fact]
    public void Absent_of_an_expression_has_no_labels_and_absent_over_time_reads_the_matrix_selector()
    {
        var sum = new AggregateExpr(AggregateOp.Sum, Selector(new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "job", "x")), null, EquatableList<string>.Empty, false);
        Assert.Equal(0, Assert.Single(Instant("absent", [], argExprs: [sum])).Metric.Count);
        var matrix = new MatrixSelector(Selector(new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "job", "x")), 60_000);
        Assert.Equal(L(("job", "x")), Assert.Single(Instant("absent_over_time", [], argExprs: [matrix])).Metric);
    }

    [Fact]
    public void Every_catalog_function_has_an_implementation()
    {
        foreach (var f in PromFunctions.All)
        {
            var isRange = FunctionImplementations.TryGetRange(f.Name, out _);
            var isInstant = FunctionImplementations.TryGetInstant(f.Name, out _);
            Assert.True(isRange ^ isInstant, f.Name);
            // Range functions are exactly those with a matrix argument (absent_over_time excepted).
            Assert.Equal(f.ArgTypes.Contains(PromValueType.Matrix) && f.Name != "absent_over_time", isRange);
        }
    }
}
