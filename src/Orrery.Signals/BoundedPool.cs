using System.Diagnostics.CodeAnalysis;

namespace Orrery.Signals;

/// <summary>
/// Objects kept for reuse (batches whose tables keep their grown capacity), at most
/// <paramref name="capacity"/> of them, so an idle pool holds a few objects' memory at most; a
/// derived pool says how an object is readied for reuse and which ones are not worth keeping.
/// Thread-safe.
/// </summary>
public abstract class BoundedPool<T>(int capacity)
    where T : class
{
    private readonly Stack<T> _free = new();

    /// <summary>Objects waiting to be reused (tests).</summary>
    public int Count
    {
        get
        {
            lock (_free) return _free.Count;
        }
    }

    /// <summary>A readied object from earlier use, or false when none is free.</summary>
    public bool TryRent([MaybeNullWhen(false)] out T item)
    {
        lock (_free) return _free.TryPop(out item);
    }

    /// <summary>Takes back an object nothing refers to any more; drops it when the pool is full or <see cref="Reset"/> declines it.</summary>
    public void Return(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!Reset(item)) return;
        lock (_free)
        {
            if (_free.Count < capacity) _free.Push(item);
        }
    }

    /// <summary>Readies <paramref name="item"/> for reuse; false to let the GC have it instead.</summary>
    protected abstract bool Reset(T item);
}
