using Orrery.Signals.Traces;

namespace Orrery.Generate.Traces;

/// <summary>A span shape preset: appends exactly <c>spans</c> spans of whole or cut-off traces to a batch.</summary>
public interface ITraceShape
{
    /// <param name="nowUnixNano">Traces start about now, so queries over the last hour see them.</param>
    void Fill(SpanBatch batch, int spans, long nowUnixNano);
}

/// <summary>The span shape presets of <c>orrery gen traces --preset</c>.</summary>
public enum TracePreset
{
    /// <summary>One span per trace with two attributes, as the OpenTelemetry Collector testbed sends.</summary>
    Tiny,
    /// <summary>A shop of eight services: nested HTTP, database, cache and messaging spans, events and errors.</summary>
    Realistic,
}

public static class TraceShapes
{
    public static ITraceShape Create(TracePreset preset, int seed) => preset switch
    {
        TracePreset.Tiny => new TinyTraceShape(seed),
        TracePreset.Realistic => new RealisticTraceShape(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, null),
    };
}
