namespace Orrery.Query.TraceQL.Syntax;

/// <summary>A TraceQL query that does not parse or type-check; the message names the position ("parse error at line 1, col 14: …").</summary>
public sealed class TraceQLParseException : Exception
{
    public TraceQLParseException(int line, int column, int offset, string reason)
        : base($"parse error at line {line}, col {column}: {reason}")
    {
        Line = line;
        Column = column;
        Offset = offset;
        Reason = reason;
    }

    public TraceQLParseException()
    {
    }

    public TraceQLParseException(string message) : base(message)
    {
    }

    public TraceQLParseException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>1-based line of the offending token.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 units) of the offending token.</summary>
    public int Column { get; }

    /// <summary>0-based offset of the offending token in the query string.</summary>
    public int Offset { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; } = "";
}
