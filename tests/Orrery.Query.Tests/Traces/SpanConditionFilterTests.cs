using Orrery.Query.Traces;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Tests.Traces;

public class SpanConditionFilterTests
{
    private readonly TestSpans _spans = new();
    private readonly int _row;

    public SpanConditionFilterTests()
    {
        _spans.Resource(("service.name", "checkout"), ("deployment.environment", "prod"), ("shared", "from-resource"));
        _row = _spans.Span(1, 1, 0, "GET /cart", 1_000, 251_000_000, StatusCode.Error, SpanKind.Server,
            ("http.status_code", 500), ("http.method", "GET"), ("ratio", 0.25), ("cached", true), ("shared", "from-span"));
        _spans.EventOnLastSpan("exception", ("exception.type", "TimeoutException"));
    }

    public static TheoryData<SpanCondition, bool> Cases() => new()
    {
        // Unscoped: the span's attribute first, then the resource's.
        { new(AttributeRef.Unscoped("service.name"), ConditionOperator.Equal, StaticValue.Of("checkout")), true },
        { new(AttributeRef.Unscoped("shared"), ConditionOperator.Equal, StaticValue.Of("from-span")), true },
        { new(AttributeRef.Unscoped("shared"), ConditionOperator.Equal, StaticValue.Of("from-resource")), false },
        { new(AttributeRef.Resource("shared"), ConditionOperator.Equal, StaticValue.Of("from-resource")), true },
        { new(AttributeRef.Span("service.name"), ConditionOperator.Equal, StaticValue.Of("checkout")), false },
        // Numbers compare across int and double; strings never equal numbers.
        { new(AttributeRef.Unscoped("http.status_code"), ConditionOperator.Equal, StaticValue.Of(500L)), true },
        { new(AttributeRef.Unscoped("http.status_code"), ConditionOperator.GreaterOrEqual, StaticValue.Of(500.0)), true },
        { new(AttributeRef.Unscoped("http.status_code"), ConditionOperator.Less, StaticValue.Of(500L)), false },
        { new(AttributeRef.Unscoped("http.status_code"), ConditionOperator.Equal, StaticValue.Of("500")), false },
        { new(AttributeRef.Unscoped("ratio"), ConditionOperator.Less, StaticValue.Of(1L)), true },
        { new(AttributeRef.Unscoped("cached"), ConditionOperator.Equal, StaticValue.Of(true)), true },
        { new(AttributeRef.Unscoped("cached"), ConditionOperator.Equal, StaticValue.Of(false)), false },
        // A missing attribute satisfies nothing, not even !=.
        { new(AttributeRef.Unscoped("missing"), ConditionOperator.NotEqual, StaticValue.Of("x")), false },
        { new(AttributeRef.Unscoped("http.method"), ConditionOperator.NotEqual, StaticValue.Of("POST")), true },
        { new(AttributeRef.Unscoped("http.method"), ConditionOperator.Exists, default), true },
        { new(AttributeRef.Unscoped("missing"), ConditionOperator.Exists, default), false },
        // Regexes are anchored.
        { new(AttributeRef.Unscoped("service.name"), ConditionOperator.Regex, StaticValue.Of("check.*")), true },
        { new(AttributeRef.Unscoped("service.name"), ConditionOperator.Regex, StaticValue.Of("heck")), false },
        { new(AttributeRef.Unscoped("service.name"), ConditionOperator.NotRegex, StaticValue.Of("cart.*")), true },
        // Intrinsics.
        { new(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("GET /cart")), true },
        { new(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Error)), true },
        { new(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Ok)), false },
        { new(AttributeRef.Of(Intrinsic.Kind, "kind"), ConditionOperator.Equal, new StaticValue(StaticKind.Kind, (long)SpanKind.Server)), true },
        { new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(250_000_000)), true },
        { new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(251_000_000)), false },
        { new(AttributeRef.Of(Intrinsic.ScopeName, "instrumentation:name"), ConditionOperator.Equal, StaticValue.Of("test-scope")), true },
        // Event attributes.
        { new(new AttributeRef(AttributeScope.Event, "exception.type"), ConditionOperator.Equal, StaticValue.Of("TimeoutException")), true },
        { new(new AttributeRef(AttributeScope.Event, "exception.type"), ConditionOperator.Equal, StaticValue.Of("IOException")), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_one_condition(SpanCondition condition, bool expected)
    {
        var filter = new SpanConditionFilter([condition]);

        Assert.Equal(expected, filter.Matches(_spans.Batch, _row));
    }

    [Fact]
    public void All_conditions_must_hold()
    {
        var both = new SpanConditionFilter(
        [
            new(AttributeRef.Unscoped("service.name"), ConditionOperator.Equal, StaticValue.Of("checkout")),
            new(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("other")),
        ]);

        Assert.False(both.Matches(_spans.Batch, _row));
        Assert.True(new SpanConditionFilter([]).Matches(_spans.Batch, _row));
    }
}
