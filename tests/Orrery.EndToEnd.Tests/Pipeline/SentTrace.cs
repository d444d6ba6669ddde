namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>What kind of request a generated trace stands for, which decides whether tail sampling must keep it.</summary>
internal enum TraceShape
{
    /// <summary>Fast and successful: kept only by the probabilistic policy.</summary>
    Normal,

    /// <summary>The payments service answers with an error: always kept.</summary>
    Error,

    /// <summary>Slower than the latency threshold end to end: always kept.</summary>
    Slow,

    /// <summary>A health check (http.target /healthz…): filtered out before anything sees it.</summary>
    Health,
}

/// <summary>One trace the test sent, with the span counts span metrics must report for it.</summary>
internal sealed record SentTrace(string TraceId, TraceShape Shape, bool HasLog);
