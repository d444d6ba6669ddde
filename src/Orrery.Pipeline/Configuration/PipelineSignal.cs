namespace Orrery.Pipeline.Configuration;

/// <summary>The data a pipeline carries, the part of its id before '/' (<c>traces/sampled</c>).</summary>
public enum PipelineSignal
{
    Traces,
    Metrics,
    Logs,
}

public static class PipelineSignalNames
{
    public static string Name(this PipelineSignal signal) => signal switch
    {
        PipelineSignal.Traces => "traces",
        PipelineSignal.Metrics => "metrics",
        _ => "logs",
    };

    public static bool TryParse(string text, out PipelineSignal signal)
    {
        switch (text)
        {
            case "traces": signal = PipelineSignal.Traces; return true;
            case "metrics": signal = PipelineSignal.Metrics; return true;
            case "logs": signal = PipelineSignal.Logs; return true;
            default: signal = default; return false;
        }
    }
}
