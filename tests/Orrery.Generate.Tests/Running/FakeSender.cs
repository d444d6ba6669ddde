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
