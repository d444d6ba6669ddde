namespace Orrery.Generate;

/// <summary>What one <c>orrery gen</c> run did: items sent, acknowledged, refused and retried.</summary>
public sealed record GenerateReport(long Sent, long Acknowledged, long Refused, long Retried, TimeSpan Elapsed)
{
    public double AchievedRate => Elapsed > TimeSpan.Zero ? Acknowledged / Elapsed.TotalSeconds : 0;
}
