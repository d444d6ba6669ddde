using BenchmarkDotNet.Attributes;
using Orrery.Signals.Logs;
using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Tests.Logs;
using Orrery.Storage.Wal;

namespace Orrery.Benchmarks.Logs;

/// <summary>
/// Ingest through <see cref="EmbeddedLogStore.ConsumeAsync"/>: 200k lines of the realistic mix
/// in 100 batches of 2,000, sent by 4 concurrent writers (as several exporters would), into a
/// fresh store per iteration. Validation, WAL encoding, the group-committed WAL write and the
/// head append are measured; the block cut of these lines is not (it runs at dispose, outside
/// the measurement: see <see cref="LogChunkBenchmarks"/> for its cost). Lines/s = 200,000 / mean.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
[WarmupCount(1)]
[IterationCount(5)]
public class LogIngestBenchmarks
{
    private const int Batches = 100;
    private const int LinesPerBatch = 2000;
    private const int Writers = 4;

    private readonly List<LogBatch> _batches = [];
    private EmbeddedLogStore? _store;
    private string _directory = "";

    [Params(WalSyncMode.None, WalSyncMode.Interval)]
    public WalSyncMode SyncMode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var logs = new RealisticLogs(seed: 9);
        for (var i = 0; i < Batches; i++)
        {
            var batch = new LogBatch();
            logs.Fill(batch, LinesPerBatch);
            _batches.Add(batch);
        }
        Console.WriteLine($"// {logs.Lines} lines, {logs.RawBytes / 1e6:F1} MB of lines and metadata");
    }

    [IterationSetup]
    public void OpenStore()
    {
        _directory = Path.Combine(Path.GetTempPath(), "orrery-log-ingest-" + Guid.NewGuid().ToString("N"));
        _store = new EmbeddedLogStore(new LogStorageOptions { DataDirectory = _directory, WalSyncMode = SyncMode, RunBackgroundTasks = false });
        _store.StartAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void CloseStore()
    {
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<int> Ingest()
    {
        var next = -1;
        var accepted = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < _batches.Count)
            {
                var result = await _store!.ConsumeAsync("default", _batches[i]);
                Interlocked.Add(ref accepted, result.AcceptedLines);
            }
        })));
        return accepted;
    }
}
