using Orrery.Generate.Transport;

namespace Orrery.Generate.Tests.Running;

/// <summary>A peer that answers from a script (then accepts everything) and records the requests it saw.</summary>
internal sealed class FakeSender(params Func<SendOutcome>[] script) : ITelemetrySender
{
    private readonly Queue<Func<SendOutcome>> _script = new(script);
    private readonly Lock _lock = new();

    public List<int> RequestLengths { get; } = [];

    public string Description => "fake";

    public Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            RequestLengths.Add(body.Length);
            return Task.FromResult(_script.TryDequeue(out var next) ? next() : SendOutcome.Accepted());
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>A source whose request bodies are one byte per item, so a test can read batch sizes off the sender.</summary>
internal sealed class CountingSource : Orrery.Generate.Running.IPayloadSource
{
    public ReadOnlyMemory<byte> Next(int items) => new byte[items];
}

/// <summary>A source whose bodies are one byte per item, each the worker's number, with a weight of its choosing.</summary>
internal sealed class WorkerSource(byte worker, long weight) : Orrery.Generate.Running.IPayloadSource
{
    public long Weight => weight;

    public ReadOnlyMemory<byte> Next(int items) => Enumerable.Repeat(worker, items).ToArray();
}

/// <summary>Accepts everything, answering one worker's requests (told by <see cref="WorkerSource"/> bodies) after a delay.</summary>
internal sealed class SlowForWorkerSender(byte slowWorker, TimeSpan delay) : ITelemetrySender
{
    private readonly long[] _items = new long[256];

    public string Description => "slow for one worker";

    public long ItemsOf(int worker) => Interlocked.Read(ref _items[worker]);

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var worker = body.Span[0];
        Interlocked.Add(ref _items[worker], body.Length);
        if (worker == slowWorker) await Task.Delay(delay, cancellationToken);
        return SendOutcome.Accepted();
    }

    public void Dispose()
    {
    }
}
