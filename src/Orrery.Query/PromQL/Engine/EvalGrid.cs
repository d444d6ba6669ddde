namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// The evaluation timestamps of one (sub)expression: <see cref="StartMs"/>, start + interval, …
/// ≤ <see cref="EndMs"/>. An instant query is a grid of one step.
/// </summary>
internal readonly record struct EvalGrid(long StartMs, long EndMs, long IntervalMs)
{
    public int Steps => (int)((EndMs - StartMs) / IntervalMs) + 1;

    public long TimeAt(int step) => StartMs + (step * IntervalMs);

    public static EvalGrid Instant(long timeMs) => new(timeMs, timeMs, 1);
}
