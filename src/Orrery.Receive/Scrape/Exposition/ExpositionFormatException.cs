namespace Orrery.Receive.Scrape.Exposition;

/// <summary>
/// Malformed exposition text. The whole scrape fails on it (<c>up</c> = 0), as in Prometheus;
/// <see cref="Line"/> is 1-based so the message can be matched against the target's output.
/// </summary>
public sealed class ExpositionFormatException(int line, string reason)
    : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
