using System.Diagnostics;
using Orrery.Generate.Transport;

namespace Orrery.Generate.Running;

/// <summary>
/// Runs the workers: each takes a batch size from its share of the count (<see cref="ItemBudget"/>),
/// waits for its slot on the shared rate, builds the request and sends it until it is
/// acknowledged, refused, or out of attempts.
/// One request in flight per worker, so <see cref="LoadOptions.Workers"/> is also the concurrency.
/// </summary>
public sealed class LoadRunner
{
    private readonly LoadOptions _options;
    private readonly ITelemetrySender _sender;
    private readonly RateLimiter _rate;

    public LoadRunner(LoadOptions options, ITelemetrySender sender)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sender);
        options.Validate();
        _options = options;
        _sender = sender;
        _rate = new RateLimiter(options.Rate);
    }

    public LoadCounters Counters { get; } = new();

    public LoadErrors Errors { get; } = new();

    /// <summary>Time since <see cref="RunAsync"/> started.</summary>
    public TimeSpan Elapsed => _started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_started);

    private long _started;

    /// <param name="createSource">Builds worker <c>i</c>'s source (of <see cref="LoadOptions.Workers"/>).</param>
    /// <param name="cancellationToken">Stops the run; requests in flight then count as lost.</param>
    public async Task<GenerateReport> RunAsync(Func<int, IPayloadSource> createSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createSource);
        _started = Stopwatch.GetTimestamp();
        var deadline = _options.Duration is { } d ? _started + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var sources = Enumerable.Range(0, _options.Workers).Select(createSource).ToArray();
        var budgets = ItemBudget.Split(_options.Count, [.. sources.Select(s => s.Weight)]);
        var workers = new Task[sources.Length];
        for (var w = 0; w < workers.Length; w++)
        {
            var (source, budget) = (sources[w], budgets[w]);
            workers[w] = Task.Run(() => WorkAsync(source, budget, deadline, cancellationToken), CancellationToken.None);
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
        return Counters.Report(Elapsed);
    }

    private async Task WorkAsync(IPayloadSource source, ItemBudget budget, long deadline, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
            {
                var items = budget.Take(_options.BatchSize);
                if (items == 0) return;
                await _rate.WaitAsync(items, cancellationToken).ConfigureAwait(false);
                // The slot may lie past the end of the run; a batch started after it would overrun --duration.
                if (Stopwatch.GetTimestamp() >= deadline) return;
                if (source is IPacedPayloadSource paced) await paced.WaitForTurnAsync(items, cancellationToken).ConfigureAwait(false);
                var body = source.Next(items);
                Counters.AddSent(items);
                var acknowledged = await SendAsync(body, items, cancellationToken).ConfigureAwait(false);
                if (acknowledged > 0 && source is IAcknowledgedPayloadSource listener) listener.Acknowledged(acknowledged);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the caller.
        }
        finally
        {
            (source as IPacedPayloadSource)?.Finished();
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>Sends until acknowledged, refused or out of attempts; returns the items the peer kept.</summary>
    private async Task<int> SendAsync(ReadOnlyMemory<byte> body, int items, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            SendOutcome outcome;
            try
            {
                outcome = await _sender.SendAsync(body, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Connection refused or reset, or the client's timeout: the peer may come back.
                outcome = SendOutcome.Retryable(e is OperationCanceledException ? "request timed out" : e.Message);
            }

            switch (outcome.Status)
            {
                case SendStatus.Accepted:
                    var rejected = Math.Clamp(outcome.Rejected, 0, items);
                    Counters.AddAcknowledged(items - rejected);
                    if (rejected > 0)
                    {
                        Counters.AddRefused(rejected);
                        Errors.Add("partial success: " + (outcome.Message ?? "items rejected"));
                    }
                    return items - (int)rejected;
                case SendStatus.Refused:
                    Counters.AddRefused(items);
                    Errors.Add(outcome.Message ?? "refused");
                    return 0;
                default:
                    Errors.Add(outcome.Message ?? "retryable failure");
                    if (attempt >= _options.MaxAttempts) return 0; // lost
                    Counters.AddRetried();
                    await Task.Delay(RetryDelay(attempt, outcome.RetryAfter), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>The peer's Retry-After when given (capped), else exponential backoff from 100 ms with ±20% jitter.</summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        // A minute is the longest any sane peer asks for; more is likely a clock or parsing mistake.
        var cap = TimeSpan.FromSeconds(60);
        if (retryAfter is { } asked) return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > cap ? cap : asked;
        var backoffMs = Math.Min(5_000, 100 * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(backoffMs * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
