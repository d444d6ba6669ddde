namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// Polls a check until it holds or a deadline passes. The pipeline decides asynchronously
/// (decision rounds, flush intervals), so the tests wait for the outcome, not for a guessed time.
/// </summary>
internal static class Eventually
{
    /// <param name="check">Returns whether the condition holds and a description of what it saw, shown on timeout.</param>
    public static async Task HoldsAsync(string what, TimeSpan timeout, Func<Task<(bool Holds, string Seen)>> check)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (holds, seen) = await check();
            if (holds) return;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"{what}: not reached within {timeout}; last seen: {seen}");
            await Task.Delay(200);
        }
    }
}
