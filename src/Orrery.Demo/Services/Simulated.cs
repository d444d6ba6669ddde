namespace Orrery.Demo.Services;

/// <summary>Simulated work: time passes (no CPU is burnt), with some jitter so latency histograms have a shape.</summary>
internal static class Simulated
{
    public static Task WorkAsync(int minMs, int maxMs, CancellationToken cancellationToken) =>
        Task.Delay(Random.Shared.Next(minMs, maxMs + 1), cancellationToken);

    public static bool Chance(double probability) => Random.Shared.NextDouble() < probability;

    public static string RouteValue(Microsoft.AspNetCore.Http.HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? "";
}
