namespace Orrery.Demo.Incidents;

public enum IncidentKind
{
    None,

    /// <summary>A coordinator's storage is slow: its requests take hundreds of milliseconds longer.</summary>
    SlowCoordinator,

    /// <summary>A region's relay pool is exhausted: peer connections there fail with 503 and some object reads fail.</summary>
    FailingRegion,
}

/// <summary>What is going wrong right now, and where.</summary>
public readonly record struct Incident(IncidentKind Kind, string Region)
{
    public static Incident None { get; } = new(IncidentKind.None, "");

    public bool Affects(string region) => Kind != IncidentKind.None && Region == region;

    public override string ToString() => Kind switch
    {
        IncidentKind.SlowCoordinator => $"slow coordinator in {Region}",
        IncidentKind.FailingRegion => $"failing region {Region}",
        _ => "none",
    };
}
