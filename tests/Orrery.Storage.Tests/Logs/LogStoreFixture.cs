using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Tests.Logs;

/// <summary>Opens embedded log stores over one temporary data directory, with background tasks off.</summary>
public sealed class LogStoreFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<EmbeddedLogStore> _open = [];

    public string DataDirectory => _directory.Path;

    public ListLogger Logger { get; } = new();

    public LogStorageOptions Options => new()
    {
        DataDirectory = _directory.Path,
        WalSyncMode = WalSyncMode.None,
        RunBackgroundTasks = false,
        Logger = Logger,
    };

    public async Task<EmbeddedLogStore> OpenAsync(LogStorageOptions? options = null)
    {
        var store = new EmbeddedLogStore(options ?? Options);
        await store.StartAsync();
        _open.Add(store);
        return store;
    }

    public async Task CloseAsync(EmbeddedLogStore store)
    {
        _open.Remove(store);
        await store.DisposeAsync();
    }

    /// <summary>Simulates kill -9: the store is dropped without dispose (nothing flushed beyond what each acknowledged append wrote).</summary>
    public void Abandon(EmbeddedLogStore store) => _open.Remove(store);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _open) await store.DisposeAsync();
        _directory.Dispose();
    }
}
