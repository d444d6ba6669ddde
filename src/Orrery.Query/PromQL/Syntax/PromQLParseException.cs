namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// A query that does not parse or type-check. <see cref="Message"/> reads as Prometheus's does,
/// e.g. <c>1:14: parse error: unexpected "}" in label matching, expected string</c>: line and
/// column (1-based) of <see cref="Position"/> (a 0-based offset into the query text).
/// </summary>
public sealed class PromQLParseException(string message, int position, int line, int column) : Exception(message)
{
    public int Position { get; } = position;

    public int Line { get; } = line;

    public int Column { get; } = column;
}
