namespace Orrery.Query.PromQL.Engine;

/// <summary>Prometheus's API error types (the JSON <c>errorType</c>), as <c>v1.errorType</c> names them.</summary>
public enum PromErrorType : byte
{
    /// <summary><c>bad_data</c> (HTTP 400): bad parameters or a query that does not parse.</summary>
    BadData,

    /// <summary><c>execution</c> (HTTP 422): evaluation failed, e.g. too many samples, duplicate series.</summary>
    Execution,

    /// <summary><c>timeout</c> (HTTP 503).</summary>
    Timeout,

    /// <summary><c>canceled</c> (HTTP 499... Prometheus answers 503).</summary>
    Canceled,

    /// <summary><c>internal</c> (HTTP 500).</summary>
    Internal,
}

/// <summary>An evaluation error with Prometheus's error type and message.</summary>
public sealed class PromQLException(PromErrorType type, string message) : Exception(message)
{
    public PromErrorType ErrorType { get; } = type;

    public static string TypeName(PromErrorType type) => type switch
    {
        PromErrorType.BadData => "bad_data",
        PromErrorType.Execution => "execution",
        PromErrorType.Timeout => "timeout",
        PromErrorType.Canceled => "canceled",
        _ => "internal",
    };
}
