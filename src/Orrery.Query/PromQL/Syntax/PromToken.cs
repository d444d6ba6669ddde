namespace Orrery.Query.PromQL.Syntax;

/// <summary>A token as a span of the query: its kind, start offset and length (in chars).</summary>
internal readonly record struct PromToken(PromTokenKind Kind, int Position, int Length)
{
    public int End => Position + Length;

    public ReadOnlySpan<char> Text(string query) => query.AsSpan(Position, Length);
}
