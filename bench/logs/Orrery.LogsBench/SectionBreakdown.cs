using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Tests.Logs;

namespace Orrery.LogsBench;

/// <summary>
/// Where the bytes of a chunk go: the realistic mix cut into 1 MiB chunks per stream (as a block
/// cut does), every section's stored size summed by its place in the chunk, against the raw
/// bytes of lines and metadata.
/// </summary>
internal static class SectionBreakdown
{
    public static void Run(int lines, int quality)
    {
        var logs = new RealisticLogs(seed: 42);
        var batch = new LogBatch();
        logs.Fill(batch, lines);
        var perStream = new Dictionary<int, List<int>>();
        for (var i = 0; i < batch.Records.Count; i++)
        {
            var s = batch.Records[i].Stream;
            if (!perStream.TryGetValue(s, out var list)) perStream[s] = list = [];
            list.Add(i);
        }

        var compression = new ChunkCompression { BrotliQuality = quality };
        var builder = new ChunkBuilder();
        var output = new ByteBuffer(2 << 20);
        var sizes = new Dictionary<string, long>();
        long total = 0, chunks = 0, bloomBytes = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
        var encodeClock = new System.Diagnostics.Stopwatch();
        void Flush()
        {
            encodeClock.Start();
            output.Clear();
            var bloom = builder.Encode(output, compression, LogBlockWriteOptions.Default.BloomBitsPerKey);
            bloomBytes += bloom.WordCount * 8;
            total += output.Length;
            chunks++;
            encodeClock.Stop();
            Parse(output.Written, sizes);
            builder.Reset();
        }
        foreach (var (_, indexes) in perStream)
        {
            foreach (var i in indexes)
            {
                var r = batch.Records[i];
                builder.AddLine(r.TimestampNs, batch.Bytes.Get(r.Line));
                foreach (var m in batch.MetadataOf(i)) builder.AddMetadata(batch.Bytes.Get(m.Name), batch.Bytes.Get(m.Value));
                if (builder.RawBytes >= LogBlockWriteOptions.Default.ChunkTargetBytes) Flush();
            }
            if (builder.LineCount > 0) Flush();
        }
        var cpuUsed = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpu;
        Console.WriteLine($"{logs.Lines} lines, {logs.RawBytes / 1e6:F1} MB raw, {chunks} chunks, Brotli {quality}: " +
            $"{total / 1e6:F2} MB chunks + {bloomBytes / 1e6:F2} MB blooms = {(double)logs.RawBytes / (total + bloomBytes):F2}x " +
            $"({(double)(total + bloomBytes) / logs.Lines:F1} B/line); build + encode {clock.Elapsed.TotalSeconds:F2} s wall, {cpuUsed.TotalSeconds:F2} s cpu, of which Encode {encodeClock.Elapsed.TotalSeconds:F2} s wall");
        foreach (var (name, bytes) in sizes.OrderByDescending(p => p.Value))
            Console.WriteLine($"  {name,-22} {bytes / 1e6,8:F3} MB  {(double)bytes / logs.Lines,6:F2} B/line");
    }

    /// <summary>Sums the stored bytes of each section (FORMAT.md, "Chunk") by name.</summary>
    private static void Parse(ReadOnlySpan<byte> chunk, Dictionary<string, long> sizes)
    {
        var r = new ByteReader(chunk[..^4]);
        var start = r.Position;
        r.ReadByte();
        r.ReadVarUInt();
        r.ReadVarInt();
        r.ReadVarUInt();
        var names = r.ReadCount();
        for (var k = 0; k < names; k++) r.ReadBytes();
        Add(sizes, "header", r.Position - start + 4);
        Section(ref r, sizes, "timestamps");
        var layout = r.ReadByte();
        if (layout == ChunkFormat.LinesTemplated)
        {
            r.ReadVarUInt();
            Section(ref r, sizes, "templates");
            Section(ref r, sizes, "template ids");
            Section(ref r, sizes, "variables");
        }
        else
        {
            Section(ref r, sizes, "line lengths");
            Section(ref r, sizes, "lines");
        }
        Section(ref r, sizes, "meta lengths");
        Section(ref r, sizes, "meta values");
    }

    private static void Section(ref ByteReader r, Dictionary<string, long> sizes, string name)
    {
        var at = r.Position;
        r.ReadVarUInt();
        var stored = r.ReadCount();
        r.ReadByte();
        r.Take(stored);
        Add(sizes, name, r.Position - at);
    }

    private static void Add(Dictionary<string, long> sizes, string name, long bytes) =>
        sizes[name] = sizes.GetValueOrDefault(name) + bytes;
}
