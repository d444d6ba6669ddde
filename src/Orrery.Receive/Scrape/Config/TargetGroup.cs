namespace Orrery.Receive.Scrape.Config;

/// <summary>
/// A group of targets sharing labels, as <c>static_configs</c> and file_sd files write it:
/// <c>{targets: [host:port…], labels: {…}}</c>. <see cref="Source"/> identifies where it came from.
/// </summary>
public sealed record TargetGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels, string Source);
