using System.Net;

namespace Orrery.EndToEnd.Tests.PromQL;

/// <summary>The differential test is only as good as its comparison: each kind of difference must be caught.</summary>
public class AnswerComparerTests
{
    private const string Vector = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[10,"1.5"]},{"metric":{"a":"2"},"value":[10,"NaN"]}]}}""";

    [Theory]
    [InlineData(Vector, false)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"2"},"value":[10,"NaN"]},{"metric":{"a":"1"},"value":[10,"1.5000000000001"]}]}}""", false)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[10,"1.501"]},{"metric":{"a":"2"},"value":[10,"NaN"]}]}}""", true)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[10,"1.5"]},{"metric":{"a":"2"},"value":[10,"0"]}]}}""", true)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[10,"1.5"]},{"metric":{"a":"3"},"value":[10,"NaN"]}]}}""", true)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[10,"1.5"]}]}}""", true)]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[11,"1.5"]},{"metric":{"a":"2"},"value":[10,"NaN"]}]}}""", true)]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"1"},"values":[[10,"1.5"]]},{"metric":{"a":"2"},"values":[[10,"NaN"]]}]}}""", true)]
    [InlineData("""{"status":"error","errorType":"execution","error":"x"}""", true)]
    public void Differences_are_found(string orrery, bool differs)
    {
        var difference = AnswerComparer.FirstDifference(Parse(Vector), Parse(orrery), ordered: false);
        Assert.Equal(differs, difference is not null);
    }

    [Fact]
    public void Order_counts_only_when_asked()
    {
        var reversed = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"2"},"value":[10,"NaN"]},{"metric":{"a":"1"},"value":[10,"1.5"]}]}}""";
        Assert.Null(AnswerComparer.FirstDifference(Parse(Vector), Parse(reversed), ordered: false));
        Assert.NotNull(AnswerComparer.FirstDifference(Parse(Vector), Parse(reversed), ordered: true));
    }

    [Fact]
    public void Errors_agree_by_type_not_message()
    {
        var a = Parse("""{"status":"error","errorType":"bad_data","error":"1:5: parse error: x"}""");
        var b = Parse("""{"status":"error","errorType":"bad_data","error":"something else"}""");
        var c = Parse("""{"status":"error","errorType":"execution","error":"1:5: parse error: x"}""");
        Assert.Null(AnswerComparer.FirstDifference(a, b, ordered: false));
        Assert.NotNull(AnswerComparer.FirstDifference(a, c, ordered: false));
    }

    private static QueryAnswer Parse(string body) => QueryAnswer.Parse(HttpStatusCode.OK, body);
}
