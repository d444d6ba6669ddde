using Orrery.Generate.Metrics;
using Orrery.Generate.Running;
using Orrery.Generate.Tests.Running;
using Orrery.Generate.Transport;

namespace Orrery.Generate.Tests.Metrics;

public class RoundClockTests
{
    [Fact]
    public void A_round_counts_once_every_worker_acknowledged_it()
    {
        var clock = new RoundClock(workers: 2);
        clock.Start();

        clock.Acknowledged(worker: 0, rounds: 1, samples: 10);
        Assert.Empty(clock.Rounds);
        clock.Acknowledged(worker: 1, rounds: 2, samples: 20);
        clock.Acknowledged(worker: 0, rounds: 3, samples: 20);

        Assert.Equal([1L, 2L], clock.Rounds.Select(r => r.Round));
        Assert.Equal([30L, 50L], clock.Rounds.Select(r => r.AcknowledgedSamples));
        Assert.True(clock.Rounds[0].Seconds <= clock.Rounds[1].Seconds);
    }

    [Fact]
    public void Rounds_skipped_in_one_acknowledgement_are_each_listed()
    {
        var clock = new RoundClock(workers: 1);
        clock.Start();

        clock.Acknowledged(worker: 0, rounds: 3, samples: 300);

        Assert.Equal([1L, 2L, 3L], clock.Rounds.Select(r => r.Round));
    }

    [Fact]
    public async Task A_run_of_whole_rounds_lists_each_round_with_every_sample_acknowledged()
    {
        // One worker: with several, the shared count lets the fastest take the last batches, so the
        // slowest may not finish its last rounds (the pacer keeps that to a few).
        const int Series = 100, Rounds = 5, Workers = 1;
        var clock = new RoundClock(Workers);
        var pacer = new RoundPacer(Workers);
        var time = new SimulatedTime(1_700_000_000_000);
        var runner = new LoadRunner(new LoadOptions { Count = Series * Rounds, BatchSize = 30, Workers = Workers }, new FakeSender());

        await runner.RunAsync(w => new MetricsPayloadSource(new SeriesSet(Series / Workers, 0, "w" + w, w * 1_000, w, time), MetricsEncoding.RemoteWrite, pacer, w, clock), CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, Rounds).Select(r => (long)r), clock.Rounds.Select(r => r.Round));
        Assert.Equal(Series * Rounds, clock.Rounds[^1].AcknowledgedSamples);
        var text = new StringWriter();
        clock.WriteTo(text);
        Assert.StartsWith("round\tseconds\tunix_ms\tacknowledged_samples\n1\t", text.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_requests_add_no_acknowledged_samples()
    {
        var clock = new RoundClock(workers: 1);
        var runner = new LoadRunner(new LoadOptions { Count = 20, BatchSize = 10 }, new FakeSender(() => SendOutcome.Refused("HTTP 400")));

        await runner.RunAsync(_ => new MetricsPayloadSource(new SeriesSet(10, 0, "w", 0, 1), MetricsEncoding.RemoteWrite, clock: clock), CancellationToken.None);

        // The refused first round does not hold the clock back (refusals are the runner's counts to report).
        Assert.Equal([1L, 2L], clock.Rounds.Select(r => r.Round));
        Assert.Equal(10, clock.Rounds[^1].AcknowledgedSamples);
    }
}
