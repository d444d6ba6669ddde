namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// What <see cref="PrometheusTranslator"/> made of a request: OTLP data points translated and
/// points rejected one by one (invalid, or refused by the delta converter), with the first
/// reasons for the partial-success <c>error_message</c> (null when nothing was rejected).
/// </summary>
public readonly record struct TranslationResult(int AcceptedPoints, int RejectedPoints, string? ErrorMessage);
