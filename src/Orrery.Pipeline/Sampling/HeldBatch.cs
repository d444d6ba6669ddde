using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// An arrival batch the tail sampler holds spans of, with each row's fate. When the last held
/// row is decided the batch is complete: kept whole, it goes on as it arrived (the store sees
/// batches shaped like the receiver's, and nothing is copied); partly kept, only its kept rows
/// are copied out; not kept at all, it is let go.
/// </summary>
/// <remarks>Rows the sampler never held (late spans, spans sampled out upstream) are not forwarded with it. Guarded by the processor's lock.</remarks>
internal sealed class HeldBatch(string tenant, SpanBatch batch)
{
    // Rows never held stay 0: neither kept nor dropped here.
    private const byte Undecided = 1;
    private const byte Kept = 2;
    private const byte Dropped = 3;

    private readonly byte[] _rows = new byte[batch.Count];
    private int _pending;
    private bool _open = true;

    public string Tenant { get; } = tenant;

    /// <summary>Its number in the processor's <see cref="HeldBatchTable"/>, which span links name it by.</summary>
    public int Number { get; set; } = -1;

    public SpanBatch Batch { get; } = batch;

    /// <summary>The order batches reached the sampler in: kept rows are gathered in it, so a trace's spans keep their order.</summary>
    public long Arrival { get; init; }

    public int KeptCount { get; private set; }

    /// <summary>Every row of the batch was held and kept: the batch can be forwarded as it is.</summary>
    public bool AllKept => KeptCount == Batch.Count;

    public bool IsKept(int row) => _rows[row] == Kept;

    public void Hold(int row)
    {
        _rows[row] = Undecided;
        _pending++;
    }

    /// <summary>Records the decision of one held row; true when that completed the (closed) batch.</summary>
    public bool Decide(int row, bool keep)
    {
        if (_rows[row] != Undecided) return false;
        _rows[row] = keep ? Kept : Dropped;
        if (keep) KeptCount++;
        return --_pending == 0 && !_open;
    }

    /// <summary>Every row has been looked at (held or not); true when nothing held is left undecided.</summary>
    public bool Close()
    {
        _open = false;
        return _pending == 0;
    }
}
