namespace Orrery.Demo;

/// <summary>How a peer's NAT treats UDP: a cone NAT lets a hole punch through, a symmetric one does not.</summary>
public enum NatType
{
    Cone,
    Symmetric,
}

/// <summary>A device in the mesh: its home region picks its coordinator; NAT and firewall decide the transport it ends up on.</summary>
public sealed record Peer(string Id, string Region, NatType Nat, bool SshAllowed);

/// <summary>The demo's peers, in the order the traffic driver connects them (so every transport path shows up within the first few seconds).</summary>
public static class Peers
{
    public const string EuWest = "eu-west";
    public const string UsEast = "us-east";

    public static IReadOnlyList<string> Regions { get; } = [EuWest, UsEast];

    public static IReadOnlyList<Peer> All { get; } =
    [
        new("peer-7f3a9c", EuWest, NatType.Cone, SshAllowed: true),
        new("peer-2b81e0", UsEast, NatType.Cone, SshAllowed: false),
        new("peer-c4d5a7", EuWest, NatType.Symmetric, SshAllowed: true),
        new("peer-91e6f2", UsEast, NatType.Cone, SshAllowed: true),
        new("peer-5a0b3d", EuWest, NatType.Cone, SshAllowed: true),
        new("peer-e8c217", UsEast, NatType.Symmetric, SshAllowed: false),
        new("peer-0d9f4b", EuWest, NatType.Symmetric, SshAllowed: false),
        new("peer-66a1c8", UsEast, NatType.Cone, SshAllowed: true),
    ];

    public static Peer? Find(string id) => All.FirstOrDefault(p => p.Id == id);

    /// <summary>Object buckets live in one region each; the bucket picks the coordinator.</summary>
    public static string RegionOfBucket(string bucket) => bucket.EndsWith("-us", StringComparison.Ordinal) ? UsEast : EuWest;

    public static IReadOnlyList<string> Buckets { get; } = ["photos-eu", "backups-us", "builds-eu"];
}
