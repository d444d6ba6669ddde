namespace Orrery.Query.PromQL.Syntax;

/// <summary>Prints an expression in Prometheus's canonical form (what <c>/api/v1/format_query</c> returns).</summary>
public static class PromQLPrinter
{
    public static string Print(PromExpr expr) => throw new NotImplementedException("PromQL printer: being written");
}
