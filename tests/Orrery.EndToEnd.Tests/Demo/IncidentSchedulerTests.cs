using Microsoft.Extensions.Logging;
using Orrery.Demo.Incidents;

namespace Orrery.EndToEnd.Tests.Demo;

/// <summary>The scheduler switches incidents on and off as time passes and says so in the affected region's log.</summary>
public class IncidentSchedulerTests
{
    [Fact]
    public void Incidents_switch_on_and_off_with_a_log_line_in_their_region()
    {
        var clock = new ManualClock();
        var logs = new Dictionary<string, List<string>> { ["eu-west"] = [], ["us-east"] = [] };
        var scheduler = new IncidentScheduler(IncidentSchedule.Default, clock, region => new ListLogger(logs[region]));

        Assert.False(scheduler.Update());
        Assert.Equal(Incident.None, scheduler.Current);

        clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True(scheduler.Update());
        Assert.Equal(new Incident(IncidentKind.SlowCoordinator, "eu-west"), scheduler.Current);
        Assert.Equal(["incident started: slow coordinator in eu-west"], logs["eu-west"]);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(scheduler.Update());

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(scheduler.Update());
        Assert.Equal(Incident.None, scheduler.Current);
        Assert.Equal("incident resolved: slow coordinator in eu-west", logs["eu-west"][^1]);

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.True(scheduler.Update());
        Assert.Equal(new Incident(IncidentKind.FailingRegion, "us-east"), scheduler.Current);
        Assert.Equal(["incident started: failing region us-east"], logs["us-east"]);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add(formatter(state, exception));
    }
}
