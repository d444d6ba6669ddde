using Orrery.Api.Tempo.Search;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tests.Tempo;

public class SearchTagsTests
{
    private static SpanCondition One(string tags)
    {
        Assert.True(Logfmt.TryParse(tags, out var pairs, out _));
        Assert.True(SearchTags.TryToConditions(pairs, out var conditions, out var error), error);
        return Assert.Single(conditions);
    }

    [Fact]
    public void Name_status_and_kind_are_intrinsics()
    {
        Assert.Equal(new SpanCondition(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("foo")), One("name=foo"));
        Assert.Equal(new SpanCondition(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Error)), One("status=error"));
        Assert.Equal(new SpanCondition(AttributeRef.Of(Intrinsic.Kind, "kind"), ConditionOperator.Equal, new StaticValue(StaticKind.Kind, (long)SpanKind.Client)), One("kind=client"));
    }

    [Theory]
    [InlineData("http.status_code=500", StaticKind.Int)]
    [InlineData("http.status_code=\"500\"", StaticKind.String)]
    [InlineData("ratio=0.5", StaticKind.Double)]
    [InlineData("cached=true", StaticKind.Bool)]
    [InlineData("service.name=checkout", StaticKind.String)]
    public void Other_keys_are_unscoped_attributes_typed_by_their_value(string tags, StaticKind kind)
    {
        var condition = One(tags);

        Assert.Equal(AttributeScope.None, condition.Attribute.Scope);
        Assert.Equal(kind, condition.Operand.Kind);
    }

    [Theory]
    [InlineData("status=broken", "invalid status")]
    [InlineData("kind=sideways", "invalid kind")]
    public void Bad_intrinsic_values_are_errors(string tags, string expected)
    {
        Assert.True(Logfmt.TryParse(tags, out var pairs, out _));
        Assert.False(SearchTags.TryToConditions(pairs, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
