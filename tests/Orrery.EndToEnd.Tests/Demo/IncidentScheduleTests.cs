using Orrery.Demo.Incidents;
using Orrery.Demo.Traffic;

namespace Orrery.EndToEnd.Tests.Demo;

/// <summary>The demo's incident timing and request order: pure functions the mesh asks every second and every request.</summary>
public class IncidentScheduleTests
{
    [Theory]
    [InlineData(0, IncidentKind.None, "")]
    [InlineData(44.9, IncidentKind.None, "")]
    [InlineData(45, IncidentKind.SlowCoordinator, "eu-west")]
    [InlineData(104.9, IncidentKind.SlowCoordinator, "eu-west")]
    [InlineData(105, IncidentKind.None, "")]
    [InlineData(165, IncidentKind.FailingRegion, "us-east")]
    [InlineData(209.9, IncidentKind.FailingRegion, "us-east")]
    [InlineData(210, IncidentKind.None, "")]
    // The second cycle moves each incident to the other region.
    [InlineData(240 + 45, IncidentKind.SlowCoordinator, "us-east")]
    [InlineData(240 + 165, IncidentKind.FailingRegion, "eu-west")]
    // The third is the first again.
    [InlineData(480 + 60, IncidentKind.SlowCoordinator, "eu-west")]
    public void Default_schedule_alternates_quiet_stretches_and_incidents(double seconds, IncidentKind kind, string region)
    {
        var incident = IncidentSchedule.Default.At(TimeSpan.FromSeconds(seconds));

        Assert.Equal(new Incident(kind, region), incident);
    }

    [Fact]
    public void Every_cycle_of_the_default_schedule_has_both_incidents_and_quiet_time()
    {
        var kinds = Enumerable.Range(0, 240).Select(s => IncidentSchedule.Default.At(TimeSpan.FromSeconds(s)).Kind).ToList();

        Assert.Contains(IncidentKind.SlowCoordinator, kinds);
        Assert.Contains(IncidentKind.FailingRegion, kinds);
        Assert.InRange(kinds.Count(k => k == IncidentKind.None), 60, 180);
    }

    [Fact]
    public void An_incident_affects_only_its_region()
    {
        var incident = new Incident(IncidentKind.SlowCoordinator, "eu-west");

        Assert.True(incident.Affects("eu-west"));
        Assert.False(incident.Affects("us-east"));
        Assert.False(Incident.None.Affects(""));
    }

    public static TheoryData<string, IncidentWindow[]> InvalidWindows => new()
    {
        { "overlap", [new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), IncidentKind.SlowCoordinator, ["a"]), new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), IncidentKind.FailingRegion, ["a"])] },
        { "past the cycle", [new(TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61), IncidentKind.SlowCoordinator, ["a"])] },
        { "empty", [new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), IncidentKind.SlowCoordinator, ["a"])] },
        { "no region", [new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), IncidentKind.SlowCoordinator, [])] },
        { "no kind", [new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), IncidentKind.None, ["a"])] },
    };

    [Theory]
    [MemberData(nameof(InvalidWindows))]
    public void A_schedule_refuses_windows_that_do_not_fit_its_cycle(string why, IncidentWindow[] windows)
    {
        Assert.Throws<ArgumentException>(() => new IncidentSchedule(TimeSpan.FromMinutes(1), windows));
        _ = why;
    }

    [Fact]
    public void Every_scenario_comes_up_in_the_first_cycle_of_requests()
    {
        var first = Enumerable.Range(0, ScenarioCycle.Steps.Count).Select(i => ScenarioCycle.At(i)).ToHashSet();

        Assert.Equal(Enum.GetValues<Scenario>().ToHashSet(), first);
        Assert.Equal(ScenarioCycle.At(3), ScenarioCycle.At(3 + ScenarioCycle.Steps.Count));
    }
}
