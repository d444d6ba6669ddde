using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orrery.Generate.Metrics;
using Orrery.Receive.Otlp;
using Orrery.Receive.RemoteWrite;
using Orrery.Signals.Metrics;
using Orrery.Storage;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Benchmarks.Metrics;

/// <summary>
/// Where the server's CPU goes per remote-write sample, in process and without the network:
/// the bytes <c>orrery gen metrics</c> sends (its <see cref="SeriesSet"/> and
/// <see cref="RemoteWriteSeriesWriter"/>, 8 workers' shares, requests of 2,000 samples, simulated
/// time 15 s a round) go through the path of the HTTP handler, one stage more per pass:
/// snappy; + protobuf decode into a <see cref="MetricBatch"/>; + head append (WAL record
/// encoded, not written); the handler's whole <see cref="RemoteWriteHandler.WriteAsync"/> over
/// an <see cref="EmbeddedMetricStore"/> (WAL written). Each pass is timed for the round that
/// creates every series and for the later rounds (steady state) separately; the difference
/// between passes is the stage's cost. CPU is the process's (all threads: GC, the WAL writer),
/// wall is the stopwatch's; both per sample.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Orrery.Benchmarks -- ingest-cost [series] [rounds] [repeats]</c>
/// [stage] (defaults 100000, 11, 3, every stage). Rounds after the first are steady state; the figures printed are
/// medians over the repeats (each repeat starts from an empty head and store).
/// </remarks>
public static class IngestCostProbe
{
    private const int Workers = 8;
    private const int Batch = 2_000;
    private const string Tenant = "default";

    public static int Run(string[] args)
    {
        var series = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 11;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var only = args.Length > 3 ? args[3] : null; // one pass by the first word of its name, e.g. under perf
        Console.WriteLine($"ingest-cost: {series:N0} series × {rounds} rounds, {Workers} workers' shares, {Batch} samples a request; load average {LoadAverage()}");

        var generated = Stopwatch.StartNew();
        var payloads = Generate(series, rounds);
        var samples = payloads.Sum(r => r.Samples);
        Console.WriteLine($"generated {payloads.Sum(r => r.Requests.Count):N0} requests, {samples:N0} samples, {payloads.Sum(r => r.Requests.Sum(p => p.Length)) / (double)samples:F1} compressed bytes a sample, in {generated.Elapsed.TotalSeconds:F1} s");

        var passes = new (string Name, Func<List<Round>, Measured[]> Pass)[]
        {
            ("snappy", SnappyPass),
            ("+ decode", DecodePass),
            ("+ head append (record encoded)", HeadPass),
            ("handler + store (WAL written)", StorePass),
        };
        var table = new List<(string Name, Measured Create, Measured Steady)>();
        foreach (var (name, pass) in passes)
        {
            if (only is not null && !name.TrimStart('+', ' ').StartsWith(only, StringComparison.OrdinalIgnoreCase)) continue;
            pass(payloads); // warm-up: tier-1 JIT before timing
            var runs = Enumerable.Range(0, repeats).Select(_ => pass(payloads)).ToArray();
            table.Add((name, Median(runs.Select(r => r[0])), Median(runs.Select(r => r[1]))));
        }

        Console.WriteLine($"load average {LoadAverage()}");
        Console.WriteLine("| stage (cumulative) | creation: CPU µs/sample | wall µs/sample | alloc B/sample | steady: CPU µs/sample | wall µs/sample | alloc B/sample |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, create, steady) in table)
        {
            Console.WriteLine($"| {name} | {create.CpuUs:F3} | {create.WallUs:F3} | {create.AllocBytes:F1} | {steady.CpuUs:F3} | {steady.WallUs:F3} | {steady.AllocBytes:F1} |");
        }
        return 0;
    }

    private sealed record Round(List<byte[]> Requests, long Samples);

    private readonly record struct Measured(double CpuUs, double WallUs, double AllocBytes);

    /// <summary>Round by round, each worker's requests for it, as the generator's paced workers send them.</summary>
    private static List<Round> Generate(int series, int rounds)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var time = new SimulatedTime(start);
        var sets = Enumerable.Range(0, Workers).Select(w =>
        {
            var share = (series / Workers) + (w < series % Workers ? 1 : 0);
            return new SeriesSet(share, 0, "orrery-gen-" + w.ToString(CultureInfo.InvariantCulture), w * 1_000_000, 42 + (7919 * w), time);
        }).ToArray();
        var writers = sets.Select(set => new RemoteWriteSeriesWriter(set)).ToArray();
        var result = new List<Round>();
        for (var r = 0; r < rounds; r++)
        {
            var requests = new List<byte[]>();
            long count = 0;
            for (var w = 0; w < Workers; w++)
            {
                for (var left = sets[w].SeriesCount; left > 0; left -= Batch)
                {
                    var n = Math.Min(Batch, left);
                    requests.Add(writers[w].WriteCompressed(n, 0));
                    count += n;
                }
            }
            result.Add(new Round(requests, count));
        }
        foreach (var writer in writers) writer.Dispose();
        return result;
    }

    private static Measured[] SnappyPass(List<Round> rounds)
    {
        var sizing = new RemoteWriteBatchSizing();
        return Timed(rounds, () => request =>
        {
            _ = Inflate(sizing, request, out _);
            return ValueTask.CompletedTask;
        });
    }

    private static Measured[] DecodePass(List<Round> rounds)
    {
        var sizing = new RemoteWriteBatchSizing();
        return Timed(rounds, () => request =>
        {
            Decode(sizing, request);
            return ValueTask.CompletedTask;
        });
    }

    private static Measured[] HeadPass(List<Round> rounds)
    {
        var directory = TempDirectory();
        using var instruments = new MetricStoreInstruments(() => 0);
        var head = new TenantHead(Tenant, directory, new MetricStorageOptions(), instruments);
        var sizing = new RemoteWriteBatchSizing();
        var record = new MetricBatchRecord();
        var defined = new List<HeadSeries>();
        try
        {
            return Timed(rounds, () => request =>
            {
                var batch = Decode(sizing, request);
                defined.Clear();
                lock (head.AppendLock) head.Append(batch, record, new WriteRejections(), defined);
                foreach (var s in defined) s.Logged = true;
                return ValueTask.CompletedTask;
            });
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    /// <summary>What the handler does before the store: snappy into the batch's arena, then decode in place.</summary>
    private static MetricBatch Decode(RemoteWriteBatchSizing sizing, byte[] request)
    {
        var batch = Inflate(sizing, request, out var payload);
        RemoteWriteReader.ReadInPlace(batch, payload);
        sizing.Observe(batch, payload.Length);
        return batch;
    }

    private static MetricBatch Inflate(RemoteWriteBatchSizing sizing, byte[] request, out Orrery.Signals.Utf8Ref payload)
    {
        SnappyBlock.TryReadDecodedLength(request, out var length);
        var batch = sizing.Create((int)length);
        if (!SnappyBlock.TryDecode(request, batch.Bytes.Reserve((int)length, out payload))) throw new InvalidDataException("snappy");
        return batch;
    }

    private static Measured[] StorePass(List<Round> rounds)
    {
        var directory = TempDirectory();
        var store = new EmbeddedMetricStore(new StorageOptions { DataDirectory = directory });
        try
        {
            store.StartAsync().GetAwaiter().GetResult();
            var handler = new RemoteWriteHandler(store, new OtlpReceiveOptions(64 << 20, false));
            return Timed(rounds, () => async request =>
            {
                var outcome = await handler.WriteAsync(Tenant, request, 64 << 20, CancellationToken.None).ConfigureAwait(false);
                if (outcome.Status != StatusCodes.Status204NoContent) throw new InvalidOperationException($"{outcome.Status}: {outcome.Message}");
            });
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(directory, true);
        }
    }

    /// <summary>Runs every request of round 0 (creation), then of the others (steady state), one after another.</summary>
    private static Measured[] Timed(List<Round> rounds, Func<Func<byte[], ValueTask>> make)
    {
        var step = make();
        GC.Collect();
        var create = Measure(rounds.Take(1), step);
        var steady = Measure(rounds.Skip(1), step);
        return [create, steady];
    }

    private static Measured Measure(IEnumerable<Round> rounds, Func<byte[], ValueTask> step)
    {
        var list = rounds.ToList();
        var samples = list.Sum(r => r.Samples);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        foreach (var round in list)
        {
            foreach (var request in round.Requests) step(request).AsTask().GetAwaiter().GetResult();
        }
        wall.Stop();
        process.Refresh();
        var cpuUs = (process.TotalProcessorTime - cpu).TotalMicroseconds / samples;
        var allocBytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)samples;
        return new Measured(cpuUs, wall.Elapsed.TotalMicroseconds / samples, allocBytes);
    }

    private static Measured Median(IEnumerable<Measured> runs)
    {
        var list = runs.ToList();
        static double Mid(IEnumerable<double> xs)
        {
            var s = xs.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }
        return new Measured(Mid(list.Select(m => m.CpuUs)), Mid(list.Select(m => m.WallUs)), Mid(list.Select(m => m.AllocBytes)));
    }

    private static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "orrery-ingest-cost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
