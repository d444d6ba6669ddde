using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Tests.Logs;

/// <summary>The chunk bloom must never rule out a chunk that holds a line containing the substring.</summary>
public sealed class LineBloomPropertyTests
{
    /// <summary>Bytes from a small alphabet of letters, digits, hex, punctuation and UTF-8, so words and boundaries vary.</summary>
    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("abcdefxyzABCDEF0123456789 -_=/.:\"{}é");

    private static Gen<byte[]> Line =>
        Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n));

    [Fact]
    public void Every_substring_of_every_line_passes_the_bloom_of_its_chunk()
    {
        var cases =
            from lines in Gen.NonEmptyListOf(Line)
            from pick in Gen.Choose(0, int.MaxValue)
            from start in Gen.Choose(0, int.MaxValue)
            from length in Gen.Choose(0, int.MaxValue)
            select (Lines: lines.ToArray(), Pick: pick, Start: start, Length: length);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var builder = new ChunkBuilder();
            for (var i = 0; i < c.Lines.Length; i++) builder.AddLine(i, c.Lines[i]);
            var bloom = builder.Encode(new ByteBuffer(), ChunkCompression.Default, 8);
            var line = c.Lines[c.Pick % c.Lines.Length];
            var start = line.Length == 0 ? 0 : c.Start % line.Length;
            var substring = line.AsSpan(start, c.Length % (line.Length - start + 1));
            var chunk = new LogChunkRef(0, 0, 0, 0, 0, c.Lines.Length, 0, 0, bloom);
            return chunk.MayContainAll([LineGrams.Of(substring)]);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void A_word_absent_from_a_chunk_is_usually_ruled_out()
    {
        var builder = new ChunkBuilder();
        var logs = new RealisticLogs(seed: 3);
        var batch = new Orrery.Signals.Logs.LogBatch();
        logs.Fill(batch, 3000);
        foreach (var r in batch.Records.AsSpan()) builder.AddLine(0, batch.Utf8(r.Line));
        var bloom = builder.Encode(new ByteBuffer(), ChunkCompression.Default, 8);
        var chunk = new LogChunkRef(0, 0, 0, 0, 0, 0, 0, 0, bloom);

        var words = Enumerable.Range(0, 1000).Select(i => $"zq{i}word{i * 7919 % 1000}x").ToList();
        var passed = words.Count(w => chunk.MayContainAll([LineGrams.Of(Encoding.UTF8.GetBytes(w))]));

        Assert.True(passed < 20, $"{passed} of 1000 absent words passed the bloom");
    }
}
