using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.LogsBench;

/// <summary>
/// Splits a chunk decode's CPU time: Brotli over each kind of section alone (a walk of the chunk
/// format, FORMAT.md "Chunk") against the whole <see cref="DecodedChunk.Decode"/>; the rest is
/// the template decode, the metadata columns and the checksum.
/// </summary>
internal static class SectionDecodeCost
{
    public static void Run(string directory)
    {
        var blocks = Directory.GetDirectories(Path.Combine(directory, "logs", "default", "blocks")).Select(LogBlock.Open).ToList();
        var raws = new List<byte[]>();
        foreach (var block in blocks)
        {
            using var file = File.OpenRead(Path.Combine(block.Directory, LogBlockWriter.ChunksFileName));
            foreach (var c in block.Chunks)
            {
                var bytes = new byte[c.Length];
                file.Position = c.Offset;
                file.ReadExactly(bytes);
                raws.Add(bytes);
            }
        }
        var perKind = new double[8];
        var rawPerKind = new long[8];
        var names = new[] { "timestamps", "templates", "template ids", "variables", "plain lengths", "plain lines", "metadata codes", "metadata values" };
        var buffer = new byte[8 << 20];
        var clock = new Stopwatch();
        foreach (var raw in raws)
        {
            var at = 1;
            Read(raw, ref at);
            ReadZ(raw, ref at);
            Read(raw, ref at);
            var nameCount = (int)Read(raw, ref at);
            for (var k = 0; k < nameCount; k++)
            {
                var nameLength = (int)Read(raw, ref at);
                at += nameLength;
            }
            Section(raw, ref at, 0);
            var layout = raw[at++];
            if (layout == ChunkFormat.LinesTemplated)
            {
                Read(raw, ref at);
                Section(raw, ref at, 1);
                Section(raw, ref at, 2);
                Section(raw, ref at, 3);
            }
            else
            {
                Section(raw, ref at, 4);
                Section(raw, ref at, 5);
            }
            Section(raw, ref at, 6);
            Section(raw, ref at, 7);
        }
        void Section(byte[] raw, ref int at, int kind)
        {
            var rawLength = (int)Read(raw, ref at);
            var stored = (int)Read(raw, ref at);
            var codec = raw[at++];
            rawPerKind[kind] += rawLength;
            clock.Restart();
            if (codec == ChunkFormat.CodecBrotli) BrotliDecoder.TryDecompress(raw.AsSpan(at, stored), buffer, out _);
            else raw.AsSpan(at, stored).CopyTo(buffer);
            perKind[kind] += clock.Elapsed.TotalMilliseconds;
            at += stored;
        }
        clock.Restart();
        foreach (var raw in raws)
        {
            using var d = DecodedChunk.Decode(raw);
        }
        var whole = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"{raws.Count} chunks; whole decode {whole:F0} ms (one thread, wall)");
        for (var k = 0; k < 8; k++)
        {
            if (rawPerKind[k] > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[k],-16} {rawPerKind[k] / 1e6,8:F1} MB raw  Brotli/copy {perKind[k],7:F0} ms"));
        }
        Console.WriteLine($"  rest (template decode, metadata, CRC): {whole - perKind.Sum():F0} ms");
        foreach (var b in blocks) b.Dispose();
    }

    private static ulong Read(byte[] b, ref int at)
    {
        ulong v = 0;
        for (var shift = 0; ; shift += 7)
        {
            var x = b[at++];
            v |= (ulong)(x & 0x7F) << shift;
            if (x < 0x80) return v;
        }
    }

    private static long ReadZ(byte[] b, ref int at)
    {
        var v = Read(b, ref at);
        return (long)(v >> 1) ^ -(long)(v & 1);
    }
}
