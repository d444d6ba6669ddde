using Orrery.Storage.Tests.Support;
using Orrery.Storage.Traces.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Opens embedded trace stores over one temporary data directory, with background tasks off.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<EmbeddedTraceStore> _open = new();

    public string DataDirectory => _directory.Path;

    public ListLogger Logger { get; } = new();

    public StorageOptions Options => new()
    {
        DataDirectory = _directory.Path,
        WalSyncMode = WalSyncMode.None,
        RunBackgroundTasks = false,
        Logger = Logger,
    };

    public async Task<EmbeddedTraceStore> OpenAsync(StorageOptions? options = null)
    {
        var store = new EmbeddedTraceStore(options ?? Options);
        await store.StartAsync();
        _open.Add(store);
        return store;
    }

    /// <summary>Disposes gracefully (flush to blocks); the store is not disposed again.</summary>
    public async Task CloseAsync(EmbeddedTraceStore store)
    {
        _open.Remove(store);
        await store.DisposeAsync();
    }

    /// <summary>
    /// Simulates kill -9: the store is dropped without dispose, so nothing is flushed beyond
    /// what each acknowledged append already handed to the OS. (Its handles stay open until
    /// the test ends, which Linux allows.)
    /// </summary>
    public void Abandon(EmbeddedTraceStore store) => _open.Remove(store);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _open) await store.DisposeAsync();
        _directory.Dispose();
    }
}
