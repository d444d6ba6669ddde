namespace Orrery.Query.PromQL.Syntax;

/// <summary>Parses and type-checks PromQL (the whole grammar of Prometheus 2.x).</summary>
public static partial class PromQLParser
{
    /// <summary>Parses one expression; throws <see cref="PromQLParseException"/> naming the position and what was expected.</summary>
    public static PromExpr Parse(string query) => throw new NotImplementedException("PromQL parser: being written");

    /// <summary>Parses a series selector as <c>match[]</c> takes it (<c>up{job="x"}</c>, <c>{__name__=~"a.*"}</c>).</summary>
    public static VectorSelector ParseSelector(string selector) => throw new NotImplementedException("PromQL parser: being written");
}
