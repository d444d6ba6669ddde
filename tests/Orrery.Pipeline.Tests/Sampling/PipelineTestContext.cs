using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>
/// What a component test builds its components with: a clock the test moves, a meter of its own
/// (so counters from parallel tests never mix) with a probe reading it, and the context over both.
/// </summary>
internal sealed class PipelineTestContext : IDisposable
{
    public PipelineTestContext(string meterName)
    {
        Meter = new Meter("test-" + meterName + "-" + Guid.NewGuid());
        Probe = new MeterProbe(Meter);
        Context = new PipelineContext(Time, Meter, null);
    }

    public ManualTime Time { get; } = new(fireTimers: false);

    public Meter Meter { get; }

    public MeterProbe Probe { get; }

    public PipelineContext Context { get; }

    public void Dispose()
    {
        Probe.Dispose();
        Meter.Dispose();
    }
}
