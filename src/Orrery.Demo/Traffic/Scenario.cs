namespace Orrery.Demo.Traffic;

/// <summary>What a device asks the edge API for.</summary>
public enum Scenario
{
    ConnectPeer,
    ListPeers,
    UploadObject,
    ReadObject,
}

/// <summary>
/// The order requests are made in, repeated: per cycle two peer connections, four object
/// reads, one listing and one 48-chunk upload. Every kind of call, and so every edge of the
/// service graph, appears within the first cycle.
/// </summary>
public static class ScenarioCycle
{
    public static IReadOnlyList<Scenario> Steps { get; } =
    [
        Scenario.ConnectPeer,
        Scenario.ReadObject,
        Scenario.UploadObject,
        Scenario.ConnectPeer,
        Scenario.ReadObject,
        Scenario.ListPeers,
        Scenario.ReadObject,
        Scenario.ReadObject,
    ];

    public static Scenario At(long step) => Steps[(int)(step % Steps.Count)];
}
