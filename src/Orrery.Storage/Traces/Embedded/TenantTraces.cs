using Orrery.Signals.Traces;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>One tenant's traces: head parts of span batches and trace blocks (see <see cref="HeadTenant{TPart, THandle}"/>).</summary>
internal sealed class TenantTraces : HeadTenant<TraceHeadPart, BlockHandle>
{
    public TenantTraces(string tenant, string blocksDirectory, IEnumerable<BlockHandle> blocks, TimeProvider time)
        : base(tenant, blocksDirectory, time, static timestamp => new TraceHeadPart(timestamp)) => Blocks.AddRange(blocks);

    /// <summary>Adds a batch to the active part; called in WAL order. Returns the part it went to.</summary>
    public TraceHeadPart Append(SpanBatch batch, WalPosition position, long payloadBytes)
    {
        lock (Sync)
        {
            var active = Active;
            active.Append(batch, position, payloadBytes);
            return active;
        }
    }

    /// <summary>Spans and encoded bytes held by the head (active and frozen parts).</summary>
    public void GetHeadSize(out long spans, out long bytes)
    {
        lock (Sync)
        {
            spans = SumOverParts(static p => p.SpanCount);
            bytes = SumOverParts(static p => p.PayloadBytes);
        }
    }

    /// <summary>Takes the current blocks and parts; blocks stay open until the view is disposed.</summary>
    public TenantView AcquireView()
    {
        var (blocks, parts) = AcquireBlocksAndParts();
        return new TenantView(blocks, parts);
    }
}

/// <summary>What a reader sees of one tenant: acquired blocks, then head parts (oldest first).</summary>
internal sealed class TenantView(List<BlockHandle> blocks, TraceHeadPart[] parts) : IDisposable
{
    public List<BlockHandle> Blocks { get; } = blocks;

    public TraceHeadPart[] Parts { get; } = parts;

    public void Dispose()
    {
        foreach (var b in Blocks) b.Release();
        Blocks.Clear();
    }
}
