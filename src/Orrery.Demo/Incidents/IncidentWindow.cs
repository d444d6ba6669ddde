namespace Orrery.Demo.Incidents;

/// <summary>
/// One incident in a schedule's cycle: from <see cref="Start"/> to <see cref="End"/> after the
/// cycle began, in the region <see cref="Regions"/> names for that cycle (cycle n uses
/// Regions[n mod count], so successive cycles move the trouble around).
/// </summary>
public sealed record IncidentWindow(TimeSpan Start, TimeSpan End, IncidentKind Kind, IReadOnlyList<string> Regions);
