namespace Orrery.Pipeline.Sampling;

/// <summary>
/// The arrival batches a tail sampler holds spans of, numbered so a span link can name its batch
/// with an int instead of a reference. A number is reused once its batch is complete. Not
/// thread-safe: the processor's lock guards it.
/// </summary>
internal sealed class HeldBatchTable
{
    private HeldBatch?[] _batches = new HeldBatch?[64];
    private readonly Stack<int> _free = new();
    private int _used;

    public HeldBatch this[int number] => _batches[number]!;

    /// <summary>Numbers in use (tests).</summary>
    public int Count => _used - _free.Count;

    public int Add(HeldBatch batch)
    {
        if (!_free.TryPop(out var number))
        {
            if (_used == _batches.Length) Array.Resize(ref _batches, _batches.Length * 2);
            number = _used++;
        }
        _batches[number] = batch;
        return number;
    }

    public void Remove(int number)
    {
        _batches[number] = null;
        _free.Push(number);
    }
}
