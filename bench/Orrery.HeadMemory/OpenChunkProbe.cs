using System.Reflection;
using System.Runtime.CompilerServices;
using Orrery.Generate.Metrics;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.HeadMemory;

/// <summary>
/// The open head chunk up close: <see cref="XorChunk"/>'s object by field, and its buffer's
/// length against its capacity over a chunk's life (sample 1 to 120), per kind of series of
/// <c>orrery gen metrics</c>'s shape, with and without timestamp jitter, plus the append time.
/// A head holds each open chunk at a uniformly random point of its life, so the mean over the
/// life is what a series costs on average.
/// </summary>
internal static class OpenChunkProbe
{
    private const int Rounds = 2 * XorChunk.TargetSamples;
    private static readonly string[] Kinds = ["gauge", "counter", "bucket", "sum", "count"];

    public static void Run(int series)
    {
        PrintObjectLayout();
        foreach (var jitter in new[] { 5, 0 }) PrintLife(series, jitter);
    }

    private static void PrintObjectLayout()
    {
        Console.WriteLine("XorChunk fields (flattened; struct fields by their own fields):");
        Console.WriteLine("| field | type | bytes |");
        Console.WriteLine("|---|---|---|");
        var sum = 0;
        foreach (var (name, type, size) in Fields(typeof(XorChunk), ""))
        {
            Console.WriteLine($"| {name} | {type.Name} | {size} |");
            sum += size;
        }
        var chunks = new XorChunk[10_000];
        var capacity = new XorChunk().BufferCapacity;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < chunks.Length; i++) chunks[i] = new XorChunk();
        var withBuffer = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)chunks.Length;
        var arrays = new byte[chunks.Length][];
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < arrays.Length; i++) arrays[i] = new byte[capacity];
        var buffer = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)arrays.Length;
        Console.WriteLine($"| fields total | | {sum} |");
        Console.WriteLine($"object as allocated: {withBuffer - buffer:F0} B (fields, 16 B header, padding); new buffer: {capacity} B capacity = {buffer:F0} B allocated");
        GC.KeepAlive(chunks);
        GC.KeepAlive(arrays);
    }

    private static IEnumerable<(string Name, Type Type, int Size)> Fields(Type type, string prefix)
    {
        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var t = f.FieldType;
            if (t.IsValueType && !t.IsPrimitive && !t.IsEnum && t.Namespace == typeof(XorChunk).Namespace)
            {
                foreach (var inner in Fields(t, prefix + f.Name + ".")) yield return inner;
            }
            else
            {
                yield return (prefix + f.Name, t, t.IsValueType ? SizeOf(t) : IntPtr.Size);
            }
        }
    }

    private static int SizeOf(Type t) => (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static void PrintLife(int series, int jitterMs)
    {
        var data = Generate(series, jitterMs);
        Console.WriteLine();
        Console.WriteLine($"open chunk over its life: {series:N0} series x {Rounds} samples (2 chunks each), jitter ±{jitterMs} ms; means over samples 1..120 of each chunk");
        Console.WriteLine("| kind | series | B/sample at close | mean length B | mean capacity B | mean empty B | mean array B (with 24 B header, 8-aligned) | buffers allocated a chunk | append ns/sample (thread CPU) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var kind in Kinds)
        {
            var members = data.Where(d => d.Kind == kind).ToList();
            if (members.Count == 0) continue;
            double closeBytes = 0, length = 0, capacity = 0, array = 0, allocations = 0;
            long steps = 0, chunks = 0;
            foreach (var s in members)
            {
                for (var start = 0; start + XorChunk.TargetSamples <= s.Timestamps.Length; start += XorChunk.TargetSamples)
                {
                    var chunk = new XorChunk();
                    var lastCapacity = -1;
                    for (var i = start; i < start + XorChunk.TargetSamples; i++)
                    {
                        chunk.Append(s.Timestamps[i], s.Values[i]);
                        var cap = chunk.BufferCapacity;
                        if (cap != lastCapacity) allocations++;
                        lastCapacity = cap;
                        length += chunk.Bytes.Length;
                        capacity += cap;
                        array += 24 + ((cap + 7) & ~7);
                        steps++;
                    }
                    closeBytes += chunk.Bytes.Length;
                    chunks++;
                }
            }
            var ns = TimeAppends(members);
            Console.WriteLine($"| {kind} | {members.Count:N0} | {closeBytes / chunks / XorChunk.TargetSamples:F2} | {length / steps:F0} | {capacity / steps:F0} | {(capacity - length) / steps:F0} | {array / steps:F0} | {allocations / chunks:F1} | {ns:F1} |");
        }
    }

    /// <summary>Median of three passes of every member's chunks appended afresh, thread CPU time per sample.</summary>
    private static double TimeAppends(List<SeriesData> members)
    {
        var runs = new List<double>();
        for (var pass = 0; pass < 4; pass++)
        {
            long samples = 0;
            var cpu0 = ThreadCpu();
            foreach (var s in members)
            {
                for (var start = 0; start + XorChunk.TargetSamples <= s.Timestamps.Length; start += XorChunk.TargetSamples)
                {
                    var chunk = new XorChunk();
                    for (var i = start; i < start + XorChunk.TargetSamples; i++) chunk.Append(s.Timestamps[i], s.Values[i]);
                    samples += XorChunk.TargetSamples;
                }
            }
            if (pass > 0) runs.Add((ThreadCpu() - cpu0).TotalNanoseconds / samples); // pass 0 warms the JIT
        }
        runs.Sort();
        return runs[runs.Count / 2];
    }

    // The probe's thread only: process CPU would count the GC's and other threads' time too.
    private static TimeSpan ThreadCpu() => ThreadCpuTime.Current();

    private sealed record SeriesData(string Kind, long[] Timestamps, double[] Values);

    private static List<SeriesData> Generate(int series, int jitterMs)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ((Rounds + 1) * 15_000L);
        var set = new SeriesSet(series, churn: 0, "orrery-gen-0", firstUnitId: 0, seed: 42, new SimulatedTime(start, 15_000, jitterMs));
        var kinds = new string[series];
        var timestamps = new long[series][];
        var values = new double[series][];
        var batch = new MetricBatch();
        for (var round = 0; round < Rounds; round++)
        {
            for (var done = 0; done < series;)
            {
                var n = Math.Min(GeneratedLoad.BatchSamples, series - done);
                batch.Clear();
                set.Fill(batch, n, 0);
                for (var i = 0; i < n; i++)
                {
                    var s = batch.Samples[i];
                    var index = done + i;
                    if (round == 0)
                    {
                        kinds[index] = KindOf(System.Text.Encoding.UTF8.GetString(batch.LabelValue(s.Series, "__name__"u8)));
                        timestamps[index] = new long[Rounds];
                        values[index] = new double[Rounds];
                    }
                    timestamps[index][round] = s.TimestampMs;
                    values[index][round] = s.Value;
                }
                done += n;
            }
        }
        return [.. Enumerable.Range(0, series).Select(i => new SeriesData(kinds[i], timestamps[i], values[i]))];
    }

    private static string KindOf(string name) =>
        name.EndsWith("_bucket", StringComparison.Ordinal) ? "bucket"
        : name.EndsWith("_sum", StringComparison.Ordinal) ? "sum"
        : name.EndsWith("_count", StringComparison.Ordinal) ? "count"
        : name.EndsWith("_total", StringComparison.Ordinal) ? "counter"
        : "gauge";
}
