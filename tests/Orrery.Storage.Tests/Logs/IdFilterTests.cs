using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Tests.Logs;

/// <summary>The chunk id filter (<see cref="IdTokens"/>) must never rule out a chunk holding a line that contains the substring.</summary>
public sealed class IdFilterTests
{
    private static readonly byte[] HexDash = Encoding.ASCII.GetBytes("0123456789abcdefABCDEF-");
    private static readonly byte[] Other = Encoding.UTF8.GetBytes("xyz =\"/:{}_.é");

    /// <summary>Lines made of id-like runs (0–40 hex digits and dashes) between other bytes, so long runs are common.</summary>
    private static Gen<byte[]> Line =>
        Gen.ListOf(
                from n in Gen.Choose(0, 40)
                from run in Gen.ArrayOf(Gen.Elements(HexDash), n)
                from m in Gen.Choose(1, 3)
                from separator in Gen.ArrayOf(Gen.Elements(Other), m)
                select run.Concat(separator).ToArray())
            .Select(parts => parts.SelectMany(p => p).ToArray());

    /// <summary>
    /// A <see cref="Line"/> with one run of id length (16–40 bytes) in it, so the property is
    /// exercised by long substrings every time, not only when FsCheck's sizes happen to allow it.
    /// </summary>
    private static Gen<byte[]> IdLine =>
        from before in Line
        from n in Gen.Choose(IdTokens.MinLength, 40)
        from id in Gen.ArrayOf(Gen.Elements(HexDash), n)
        from separator in Gen.Elements(Other)
        from after in Line
        select before.Concat([separator]).Concat(id).Concat([separator]).Concat(after).ToArray();

    private static LogChunkRef ChunkOf(IReadOnlyList<byte[]> lines)
    {
        var builder = new ChunkBuilder();
        for (var i = 0; i < lines.Count; i++) builder.AddLine(i, lines[i]);
        var bloom = builder.Encode(new ByteBuffer(), ChunkCompression.Default, 8, out var ids);
        return new LogChunkRef(0, 0, 0, 0, 0, lines.Count, 0, 0, bloom) { HasIdFilter = true, Ids = ids };
    }

    [Fact]
    public void Every_substring_of_every_token_passes_the_filter_of_its_chunk()
    {
        var cases =
            from lines in Gen.NonEmptyListOf(IdLine)
            from pick in Gen.Choose(0, int.MaxValue)
            from start in Gen.Choose(0, int.MaxValue)
            from length in Gen.Choose(0, int.MaxValue)
            from before in Gen.Choose(0, 2)
            from after in Gen.Choose(0, 2)
            select (Lines: lines.ToArray(), Pick: pick, Start: start, Length: length, Before: before, After: after);
        var withKeys = 0;
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var line = c.Lines[c.Pick % c.Lines.Length];
            // A substring of one of the line's runs (the tokens), sometimes with a byte or two around it.
            var runs = Runs(line);
            var idLike = c.Pick % 4 != 0;
            // Three cases in four take the line's longest run (IdLine guarantees one of id length), the rest any run.
            var (runStart, runLength) = runs.Count == 0 ? (0, line.Length)
                : idLike ? runs.MaxBy(r => r.Length)
                : runs[c.Pick % runs.Count];
            int from, to;
            if (runLength >= IdTokens.MinLength && idLike)
            {
                // Mostly substrings long enough to have keys: the case the filter must get right.
                from = runStart + c.Start % (runLength - IdTokens.MinLength + 1);
                to = from + IdTokens.MinLength + c.Length % (runStart + runLength - from - IdTokens.MinLength + 1);
            }
            else
            {
                from = runLength == 0 ? runStart : runStart + c.Start % runLength;
                to = from + c.Length % (runStart + runLength - from + 1);
            }
            from = Math.Max(0, from - c.Before);
            to = Math.Min(line.Length, to + c.After);
            var substring = line[from..to];
            var required = new RequiredKeys([substring]);
            if (required.Ids.Count > 0) withKeys++;
            return ChunkOf(c.Lines).MayContainAll(required);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
        Assert.True(withKeys > 100, $"only {withKeys} of 500 substrings had id keys: the property did not exercise the filter");
    }

    [Fact]
    public void Any_substring_of_any_line_passes_the_filter_of_its_chunk()
    {
        var cases =
            from lines in Gen.NonEmptyListOf(Line)
            from pick in Gen.Choose(0, int.MaxValue)
            from start in Gen.Choose(0, int.MaxValue)
            from length in Gen.Choose(0, int.MaxValue)
            select (Lines: lines.ToArray(), Pick: pick, Start: start, Length: length);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var line = c.Lines[c.Pick % c.Lines.Length];
            var start = line.Length == 0 ? 0 : c.Start % line.Length;
            var substring = line.AsSpan(start, c.Length % (line.Length - start + 1)).ToArray();
            return ChunkOf(c.Lines).MayContainAll(new RequiredKeys([substring]));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", true)]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", true)]
    [InlineData("00f067aa0ba902b7", true)]
    [InlineData("a3ce929d0e0e47", false)]
    [InlineData("checkout", false)]
    [InlineData("trace 4bf92f3577b34da6 done", true)]
    public void Runs_of_sixteen_or_more_id_bytes_give_keys(string substring, bool hasKeys) =>
        Assert.Equal(hasKeys, IdTokens.Of(Encoding.UTF8.GetBytes(substring)).Count > 0);

    [Fact]
    public void A_whole_trace_id_gives_a_handful_of_keys_not_one_per_gram()
    {
        var random = new Random(5);
        var counts = Enumerable.Range(0, 200).Select(_ => IdTokens.Of(Encoding.ASCII.GetBytes(RandomHex(random, 32))).Count).ToList();
        Assert.InRange(counts.Average(), 2.0, 8.0);
        Assert.All(counts, c => Assert.InRange(c, 1, 25));
    }

    [Fact]
    public void Ids_absent_from_a_chunk_are_ruled_out_and_present_ones_pass()
    {
        var random = new Random(11);
        var present = Enumerable.Range(0, 2000).Select(_ => RandomHex(random, 32)).ToList();
        var lines = present.Select((id, i) => Encoding.UTF8.GetBytes($"{{\"level\":\"info\",\"msg\":\"request {i} done\",\"trace_id\":\"{id}\"}}")).ToList();
        var chunk = ChunkOf(lines);

        Assert.All(present, id => Assert.True(chunk.MayContainAll(new RequiredKeys([Encoding.ASCII.GetBytes(id)]))));
        // The middle 20 digits of a present id pass too: the filter does not need the whole token.
        Assert.All(present, id => Assert.True(chunk.MayContainAll(new RequiredKeys([Encoding.ASCII.GetBytes(id[6..26])]))));
        var absent = Enumerable.Range(0, 1000).Count(_ => chunk.MayContainAll(new RequiredKeys([Encoding.ASCII.GetBytes(RandomHex(random, 32))])));
        Assert.True(absent < 10, $"{absent} of 1000 absent ids passed the filter");
    }

    [Fact]
    public void A_chunk_without_id_runs_rules_out_every_id_and_an_old_index_rules_out_none()
    {
        var chunk = ChunkOf([Encoding.UTF8.GetBytes("GET /checkout 200 15ms"), Encoding.UTF8.GetBytes("cache miss")]);
        var id = new RequiredKeys([Encoding.ASCII.GetBytes("4bf92f3577b34da6a3ce929d0e0e4736")]);

        Assert.Null(chunk.Ids);
        Assert.False(chunk.MayContainAll(id));
        Assert.True((chunk with { HasIdFilter = false }).MayContainAll(id));
    }

    private static string RandomHex(Random random, int digits) =>
        string.Concat(Enumerable.Range(0, digits).Select(_ => "0123456789abcdef"[random.Next(16)]));

    private static List<(int Start, int Length)> Runs(byte[] line)
    {
        var runs = new List<(int, int)>();
        for (var i = 0; i < line.Length;)
        {
            if (Array.IndexOf(HexDash, line[i]) < 0)
            {
                i++;
                continue;
            }
            var start = i;
            while (i < line.Length && Array.IndexOf(HexDash, line[i]) >= 0) i++;
            runs.Add((start, i - start));
        }
        return runs;
    }
}
