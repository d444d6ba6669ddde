namespace Orrery.Query.LogQL.Syntax;

/// <summary>A query that does not parse; the message names the position as Loki does ("parse error at line 1, col 14: …").</summary>
public sealed class LogQLParseException : Exception
{
    public LogQLParseException(int line, int column, string reason)
        : base($"parse error at line {line}, col {column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    public LogQLParseException()
    {
    }

    public LogQLParseException(string message) : base(message)
    {
    }

    public LogQLParseException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public int Line { get; }

    public int Column { get; }

    public string Reason { get; } = "";
}
