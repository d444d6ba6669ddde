namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// What an OTLP logs reader did with a well-formed request: lines added to the batch, log records
/// rejected one by one (ids of a wrong size, a stream whose labels clash), and the first reason
/// for the partial-success <c>error_message</c> (null when nothing was rejected).
/// </summary>
public readonly record struct OtlpLogsDecodeResult(int AcceptedRecords, int RejectedRecords, string? ErrorMessage);
