using Microsoft.Extensions.Logging;

namespace Orrery.Demo.Incidents;

/// <summary>
/// Switches the schedule's incidents on and off as time passes and logs each change, so the
/// services can ask <see cref="Current"/> on every request without a lock.
/// </summary>
/// <param name="loggerOf">The logger of the service in a region (the coordinator), which reports that region's incidents.</param>
internal sealed class IncidentScheduler(IncidentSchedule schedule, TimeProvider time, Func<string, ILogger> loggerOf)
{
    private readonly long _startedAt = time.GetTimestamp();
    private readonly Lock _gate = new();
    private Incident _current = Incident.None;

    public Incident Current
    {
        get
        {
            lock (_gate) return _current;
        }
    }

    /// <summary>Moves to the incident in force now; returns whether it changed.</summary>
    public bool Update()
    {
        var next = schedule.At(time.GetElapsedTime(_startedAt));
        Incident previous;
        lock (_gate)
        {
            previous = _current;
            if (previous == next) return false;
            _current = next;
        }
        if (previous.Kind != IncidentKind.None) loggerOf(previous.Region).LogInformation("incident resolved: {Incident}", previous.ToString());
        if (next.Kind != IncidentKind.None) loggerOf(next.Region).LogWarning("incident started: {Incident}", next.ToString());
        return true;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            do
            {
                Update();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
