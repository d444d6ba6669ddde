using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Blocks;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>
/// The store both columnar agreement tests read: two blocks of <see cref="RandomMetricSpans"/>
/// (the second with strings too long for the dictionary) and spans in the head, in tenant "t".
/// </summary>
internal sealed class RandomSpanStore : IAsyncDisposable
{
    public const string Tenant = "t";

    private readonly string _directory;

    private RandomSpanStore(string directory, EmbeddedTraceStore store, SpanBatch inFirstBlock)
    {
        _directory = directory;
        Store = store;
        InFirstBlock = inFirstBlock;
    }

    public EmbeddedTraceStore Store { get; }

    /// <summary>One of the first block's batches, for tests that add more spans of its traces.</summary>
    public SpanBatch InFirstBlock { get; }

    public static async Task<RandomSpanStore> StartAsync(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N"));
        var blocks = Path.Combine(directory, "traces", Tenant, "blocks");
        Directory.CreateDirectory(blocks);
        var inFirstBlock = RandomMetricSpans.Batch(new Random(4), 300, longStrings: false);
        TraceBlockWriter.Write(blocks, [RandomMetricSpans.Batch(new Random(3), 300, longStrings: false), inFirstBlock]);
        TraceBlockWriter.Write(blocks, [RandomMetricSpans.Batch(new Random(5), 200, longStrings: true)]);
        var store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = directory, RunBackgroundTasks = false });
        await store.StartAsync();
        await store.ConsumeAsync(Tenant, RandomMetricSpans.Batch(new Random(6), 50, longStrings: false));
        return new RandomSpanStore(directory, store, inFirstBlock);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
