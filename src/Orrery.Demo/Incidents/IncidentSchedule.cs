namespace Orrery.Demo.Incidents;

/// <summary>
/// When incidents happen: a cycle that repeats, with quiet stretches between incident windows.
/// A pure function of the time since the mesh started, so the scheduler only has to ask it
/// every second and log the changes.
/// </summary>
public sealed class IncidentSchedule
{
    private readonly IncidentWindow[] _windows;

    public IncidentSchedule(TimeSpan cycle, IEnumerable<IncidentWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (cycle <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "the cycle must be positive");
        _windows = [.. windows.OrderBy(w => w.Start)];
        for (var i = 0; i < _windows.Length; i++)
        {
            var w = _windows[i];
            if (w.Kind == IncidentKind.None || w.Regions.Count == 0)
                throw new ArgumentException($"window {i}: needs a kind and at least one region", nameof(windows));
            if (w.Start < TimeSpan.Zero || w.End <= w.Start || w.End > cycle)
                throw new ArgumentException($"window {w.Start}–{w.End} must lie inside the {cycle} cycle", nameof(windows));
            if (i > 0 && w.Start < _windows[i - 1].End)
                throw new ArgumentException($"windows starting at {_windows[i - 1].Start} and {w.Start} overlap", nameof(windows));
        }
        Cycle = cycle;
    }

    public TimeSpan Cycle { get; }

    public IReadOnlyList<IncidentWindow> Windows => _windows;

    /// <summary>
    /// Every four minutes: 45 s quiet, a slow coordinator for a minute, a minute quiet, a failing
    /// region for 45 s, then quiet. The first incident starts 45 s in, so a newcomer who opened the
    /// UI at start sees normal traffic first and then the incident.
    /// </summary>
    public static IncidentSchedule Default { get; } = new(TimeSpan.FromMinutes(4),
    [
        new(TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(105), IncidentKind.SlowCoordinator, ["eu-west", "us-east"]),
        new(TimeSpan.FromSeconds(165), TimeSpan.FromSeconds(210), IncidentKind.FailingRegion, ["us-east", "eu-west"]),
    ]);

    /// <summary>No incidents at all.</summary>
    public static IncidentSchedule Quiet { get; } = new(TimeSpan.FromMinutes(1), []);

    /// <summary>The incident in force <paramref name="elapsed"/> after the mesh started.</summary>
    public Incident At(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero) return Incident.None;
        var cycleIndex = elapsed.Ticks / Cycle.Ticks;
        var offset = TimeSpan.FromTicks(elapsed.Ticks % Cycle.Ticks);
        foreach (var w in _windows)
        {
            if (offset >= w.Start && offset < w.End)
                return new Incident(w.Kind, w.Regions[(int)(cycleIndex % w.Regions.Count)]);
        }
        return Incident.None;
    }
}
