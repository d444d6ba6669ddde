namespace Orrery.Receive.Loki;

/// <summary>
/// What a Loki push reader did with a well-formed request: lines added to the batch, lines
/// dropped with their stream (invalid labels), and why (null when nothing was dropped).
/// </summary>
public readonly record struct LokiPushDecodeResult(int AcceptedLines, int RejectedLines, string? ErrorMessage);
