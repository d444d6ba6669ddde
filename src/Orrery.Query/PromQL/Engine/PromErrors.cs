namespace Orrery.Query.PromQL.Engine;

/// <summary>The evaluation errors of the engine, worded as Prometheus 2.42 words them.</summary>
internal static class PromErrors
{
    public const string SameLabelset = "vector cannot contain metrics with the same labelset";

    public static PromQLException TooManySamples() =>
        new(PromErrorType.Execution, "query processing would load too many samples into memory in query execution");

    public static PromQLException Timeout() => new(PromErrorType.Timeout, "query timed out in expression evaluation");

    public static PromQLException Canceled() => new(PromErrorType.Canceled, "query was canceled in expression evaluation");

    public static PromQLException Execution(string message) => new(PromErrorType.Execution, message);

    public static PromQLException NotImplemented(string function) =>
        new(PromErrorType.Internal, $"function {function} not implemented");
}
