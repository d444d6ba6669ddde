namespace Orrery.Pipeline.Processors.Batching;

/// <summary>How the batcher handles one signal's batches.</summary>
internal interface IBatchOps<TBatch, TResult>
{
    int Count(TBatch batch);

    void Append(TBatch to, TBatch from);

    IReadOnlyList<TBatch> Split(TBatch batch, int max);

    ValueTask<TResult> SendAsync(string tenant, TBatch batch);

    /// <summary>What one caller hears, given the results of every part sent and how many items were its own.</summary>
    TResult ResultFor(IReadOnlyList<TResult> results, int ownItems);
}

/// <summary>
/// The <c>batch</c> processor's core: merges batches per tenant until <c>send_batch_size</c> items or
/// <c>timeout</c> after the first, then sends the merged batch (cut to <c>send_batch_max_size</c>).
/// A caller's await completes only when the merged batch holding its data has been accepted
/// downstream, with downstream's failure if it failed: batching adds latency, never an
/// acknowledgement for data that is not durable.
/// </summary>
/// <remarks>
/// A caller that cancels stops waiting, but its data stays in the batch and is still sent; the
/// merged batch belongs to every caller in it, so it is sent without a cancellation token.
/// </remarks>
internal sealed class Batcher<TBatch, TResult> : IAsyncDisposable
    where TBatch : class
{
    private readonly BatchSettings _settings;
    private readonly IBatchOps<TBatch, TResult> _ops;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _flushing = [];
    private bool _disposed;

    public Batcher(BatchSettings settings, IBatchOps<TBatch, TResult> ops, TimeProvider time)
    {
        _settings = settings;
        _ops = ops;
        _time = time;
    }

    public async ValueTask<TResult> AddAsync(string tenant, TBatch batch, CancellationToken cancellationToken)
    {
        var items = _ops.Count(batch);
        var waiter = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Pending? full = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending.TryGetValue(tenant, out var pending))
            {
                _ops.Append(pending.Batch, batch);
            }
            else
            {
                // The first batch becomes the merge target: it is ours now, no copy needed.
                pending = new Pending(tenant, batch);
                _pending[tenant] = pending;
                if (_settings.Timeout > TimeSpan.Zero && items < _settings.SendBatchSize)
                    pending.Timer = _time.CreateTimer(static s => ((Batcher<TBatch, TResult>)((object[])s!)[0]).OnTimeout((Pending)((object[])s!)[1]), new object[] { this, pending }, _settings.Timeout, Timeout.InfiniteTimeSpan);
            }
            pending.Items += items;
            pending.Waiters.Add((waiter, items));
            if (pending.Items >= _settings.SendBatchSize || _settings.Timeout == TimeSpan.Zero)
            {
                _pending.Remove(tenant);
                full = pending;
                StartFlushLocked(full);
            }
        }
        return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Task[] flushing;
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                foreach (var pending in _pending.Values) StartFlushLocked(pending);
                _pending.Clear();
            }
            flushing = [.. _flushing];
        }
        await Task.WhenAll(flushing).ConfigureAwait(false);
    }

    private void OnTimeout(Pending pending)
    {
        lock (_gate)
        {
            // Already sent for size, or by dispose.
            if (!_pending.TryGetValue(pending.Tenant, out var current) || !ReferenceEquals(current, pending)) return;
            _pending.Remove(pending.Tenant);
            StartFlushLocked(pending);
        }
    }

    private void StartFlushLocked(Pending pending)
    {
        pending.Timer?.Dispose();
        var task = Task.Run(() => FlushAsync(pending));
        _flushing.Add(task);
        task.ContinueWith(
            static (t, s) =>
            {
                var self = (Batcher<TBatch, TResult>)s!;
                lock (self._gate) self._flushing.Remove(t);
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task FlushAsync(Pending pending)
    {
        var results = new List<TResult>();
        try
        {
            foreach (var part in _ops.Split(pending.Batch, _settings.SendBatchMaxSize))
                results.Add(await _ops.SendAsync(pending.Tenant, part).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            foreach (var (waiter, _) in pending.Waiters) waiter.TrySetException(e);
            return;
        }
        foreach (var (waiter, items) in pending.Waiters) waiter.TrySetResult(_ops.ResultFor(results, items));
    }

    private sealed class Pending(string tenant, TBatch batch)
    {
        public string Tenant { get; } = tenant;
        public TBatch Batch { get; } = batch;
        public int Items { get; set; }
        public List<(TaskCompletionSource<TResult> Waiter, int Items)> Waiters { get; } = [];
        public ITimer? Timer { get; set; }
    }
}
