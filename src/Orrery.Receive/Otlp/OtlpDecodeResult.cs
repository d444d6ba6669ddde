namespace Orrery.Receive.Otlp;

/// <summary>
/// What an OTLP trace decoder did with a well-formed request: spans kept, spans rejected one by
/// one (invalid ids), and a description of the first rejections for the OTLP partial-success
/// <c>error_message</c>. <see cref="ErrorMessage"/> is null when nothing was rejected.
/// </summary>
public readonly record struct OtlpDecodeResult(int AcceptedSpans, int RejectedSpans, string? ErrorMessage);
