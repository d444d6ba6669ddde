namespace Orrery.Generate;

/// <summary>What one <c>orrery gen</c> run did: items sent, acknowledged, refused and retried.</summary>
/// <remarks>
/// Items are spans, samples or log lines. <see cref="Sent"/> counts each item once however often
/// its request was retried; an item is acknowledged, refused (the peer said no, or counted it as
/// rejected in a partial success) or lost (retries ran out, or the connection failed for good).
/// </remarks>
public sealed record GenerateReport(long Sent, long Acknowledged, long Refused, long Retried, TimeSpan Elapsed)
{
    public double AchievedRate => Elapsed > TimeSpan.Zero ? Acknowledged / Elapsed.TotalSeconds : 0;

    /// <summary>Items neither acknowledged nor refused: their requests failed for good.</summary>
    public long Lost => Sent - Acknowledged - Refused;

    /// <summary>True when every item sent was acknowledged.</summary>
    public bool Complete => Refused == 0 && Lost == 0;
}
