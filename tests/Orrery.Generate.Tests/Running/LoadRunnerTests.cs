using Orrery.Generate.Running;
using Orrery.Generate.Transport;

namespace Orrery.Generate.Tests.Running;

public class LoadRunnerTests
{
    private static LoadOptions Options(long count, int batch, int workers = 1, int maxAttempts = 6) =>
        new() { Count = count, BatchSize = batch, Workers = workers, MaxAttempts = maxAttempts };

    [Theory]
    [InlineData(1_000, 100, 1)]
    [InlineData(1_001, 100, 3)]
    [InlineData(7, 100, 4)]
    public async Task A_count_is_sent_exactly_in_batches_of_at_most_the_batch_size(int count, int batch, int workers)
    {
        var sender = new FakeSender();
        var runner = new LoadRunner(Options(count, batch, workers), sender);

        var report = await runner.RunAsync(_ => new CountingSource(), CancellationToken.None);

        Assert.Equal(count, report.Sent);
        Assert.Equal(count, report.Acknowledged);
        Assert.True(report.Complete);
        Assert.Equal(count, sender.RequestLengths.Sum());
        Assert.All(sender.RequestLengths, length => Assert.InRange(length, 1, batch));
    }

    [Fact]
    public async Task Each_worker_sends_its_share_however_fast_the_others_are_answered()
    {
        // Worker 1 is answered slowly: with one budget shared by all, worker 0 took its batches
        // (and a metrics worker's series were then never sent at all).
        var sender = new SlowForWorkerSender(slowWorker: 1, TimeSpan.FromMilliseconds(20));
        var runner = new LoadRunner(Options(400, 10, workers: 2), sender);

        var report = await runner.RunAsync(w => new WorkerSource((byte)w, weight: w == 0 ? 1 : 3), CancellationToken.None);

        Assert.Equal(400, report.Acknowledged);
        Assert.Equal(100, sender.ItemsOf(0));
        Assert.Equal(300, sender.ItemsOf(1));
    }

    [Fact]
    public async Task Retryable_answers_are_retried_until_acknowledged()
    {
        var sender = new FakeSender(
            () => SendOutcome.Retryable("HTTP 503", TimeSpan.Zero),
            () => throw new HttpRequestException("connection refused"),
            () => SendOutcome.Retryable("HTTP 429", TimeSpan.Zero));
        var runner = new LoadRunner(Options(50, 50), sender);

        var report = await runner.RunAsync(_ => new CountingSource(), CancellationToken.None);

        Assert.Equal(new GenerateReport(50, 50, 0, 3, report.Elapsed), report);
        Assert.Equal(4, sender.RequestLengths.Count);
    }

    [Fact]
    public async Task Items_whose_retries_run_out_are_lost()
    {
        var sender = new FakeSender([.. Enumerable.Repeat(() => SendOutcome.Retryable("UNAVAILABLE", TimeSpan.Zero), 3)]);
        var runner = new LoadRunner(Options(20, 10, maxAttempts: 2), sender);

        var report = await runner.RunAsync(_ => new CountingSource(), CancellationToken.None);

        // The first batch fails twice and is lost; the second fails once and then is taken.
        Assert.Equal(20, report.Sent);
        Assert.Equal(10, report.Acknowledged);
        Assert.Equal(10, report.Lost);
        Assert.Equal(2, report.Retried);
        Assert.False(report.Complete);
    }

    [Fact]
    public async Task Refusals_and_partial_successes_count_as_refused_items()
    {
        var sender = new FakeSender(() => SendOutcome.Refused("HTTP 400: bad"), () => SendOutcome.Accepted(rejected: 3, "3 spans without ids"));
        var runner = new LoadRunner(Options(30, 10), sender);

        var report = await runner.RunAsync(_ => new CountingSource(), CancellationToken.None);

        Assert.Equal(30, report.Sent);
        Assert.Equal(17, report.Acknowledged);
        Assert.Equal(13, report.Refused);
        Assert.Equal(0, report.Lost);
        Assert.Contains(runner.Errors.MostFrequent(5), e => e.Key == "HTTP 400: bad");
    }

    [Theory]
    [InlineData(1, null, 80, 120)]
    [InlineData(3, null, 320, 480)]
    [InlineData(20, null, 4_000, 6_000)] // capped at 5 s
    [InlineData(1, 2_000, 2_000, 2_000)] // the peer's Retry-After wins
    [InlineData(1, 3_600_000, 60_000, 60_000)] // but not beyond a minute
    public void Retry_delays_back_off_exponentially_or_honour_retry_after(int attempt, int? retryAfterMs, int minMs, int maxMs)
    {
        var delay = LoadRunner.RetryDelay(attempt, retryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);

        Assert.InRange(delay.TotalMilliseconds, minMs, maxMs);
    }
}
