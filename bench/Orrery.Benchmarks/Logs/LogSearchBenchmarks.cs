using System.Text;
using BenchmarkDotNet.Attributes;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Storage.Logs;
using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Tests.Logs;
using Orrery.Storage.Wal;

namespace Orrery.Benchmarks.Logs;

/// <summary>
/// Reads over <see cref="Lines"/> lines of the realistic mix cut into blocks (plus one small
/// head batch): a rare word (<c>|= "zanzibar"</c>, in 10 lines) and a common one
/// (<c>|= "checkout"</c>) over every stream, and the logs of one trace
/// (<c>{service_name=~".+"} | trace_id="…"</c> as the trace hint). Each benchmark reads every
/// cursor to the end, as a query without a limit would.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
public class LogSearchBenchmarks
{
    private const int LinesPerBatch = 5000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orrery-log-search-" + Guid.NewGuid().ToString("N"));
    private EmbeddedLogStore? _store;
    private TraceId _trace;

    [Params(1_000_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new EmbeddedLogStore(new LogStorageOptions { DataDirectory = _directory, WalSyncMode = WalSyncMode.None, RunBackgroundTasks = false });
        _store.StartAsync().GetAwaiter().GetResult();
        var logs = new RealisticLogs(seed: 21);
        var rare = 0;
        for (var written = 0; written < Lines; written += LinesPerBatch)
        {
            var batch = new LogBatch();
            logs.Fill(batch, LinesPerBatch);
            if (written % (Lines / 10) == 0)
            {
                // The rare word, in one line of every tenth of the data.
                ref var r = ref batch.Records[LinesPerBatch / 2];
                r.Line = batch.Bytes.Append(Encoding.UTF8.GetBytes("payment provider zanzibar timed out"));
                rare++;
            }
            _trace = batch.Records[LinesPerBatch - 1].TraceId.IsEmpty ? _trace : batch.Records[LinesPerBatch - 1].TraceId;
            _store.ConsumeAsync("default", batch).AsTask().GetAwaiter().GetResult();
            if ((written + LinesPerBatch) % 250_000 == 0) _store.CutHeadOnce();
        }
        var stats = _store.GetStats();
        Console.WriteLine($"// {stats.BlockLines} lines in {stats.Blocks} blocks ({stats.BlockBytes / 1e6:F1} MB), {stats.HeadLines} in the head; rare word in {rare} lines");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public int RareWord() => Read(new LogSelectRequest(AllStreams, TimeRange.All, LogDirection.Backward, [Encoding.UTF8.GetBytes("zanzibar")]));

    [Benchmark]
    public int CommonWord() => Read(new LogSelectRequest(AllStreams, TimeRange.All, LogDirection.Backward, [Encoding.UTF8.GetBytes("checkout")]));

    [Benchmark]
    public int LogsOfATrace() => Read(new LogSelectRequest(AllStreams, TimeRange.All, LogDirection.Forward, TraceId: _trace));

    private static readonly IReadOnlyList<LabelMatcher> AllStreams = [new LabelMatcher(Signals.Labels.MatchType.Regex, "service_name", ".+")];

    private int Read(LogSelectRequest request)
    {
        var lines = 0;
        foreach (var cursor in _store!.Select("default", request))
        {
            using (cursor)
            {
                while (cursor.MoveNext()) lines++;
            }
        }
        return lines;
    }
}
