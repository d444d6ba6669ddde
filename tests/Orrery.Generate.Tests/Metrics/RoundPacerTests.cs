using Orrery.Generate.Metrics;

namespace Orrery.Generate.Tests.Metrics;

public class RoundPacerTests
{
    [Fact]
    public async Task A_worker_ahead_of_the_slowest_by_more_than_the_lead_waits_until_it_catches_up()
    {
        var pacer = new RoundPacer(workers: 2, lead: 2);
        pacer.Completed(0, 5);

        var wait = pacer.WaitAsync(worker: 0, lastRound: 5, ownRounds: 0, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);
        pacer.Completed(1, 2);
        await Task.Delay(20);
        Assert.False(wait.IsCompleted);
        pacer.Completed(1, 3);

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_slowest_worker_never_waits_even_with_a_batch_spanning_many_rounds()
    {
        var pacer = new RoundPacer(workers: 3, lead: 1);
        pacer.Completed(1, 4);
        pacer.Completed(2, 4);

        await pacer.WaitAsync(worker: 0, lastRound: 9, ownRounds: 9, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_finished_worker_no_longer_holds_the_others_back()
    {
        var pacer = new RoundPacer(workers: 2, lead: 2);
        pacer.Completed(0, 50);
        var wait = pacer.WaitAsync(0, 50, 0, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);

        pacer.Finished(1);

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Waiting_stops_when_cancelled()
    {
        var pacer = new RoundPacer(workers: 2);
        pacer.Completed(0, 10);
        using var cancel = new CancellationTokenSource();
        var wait = pacer.WaitAsync(0, 10, 0, cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
