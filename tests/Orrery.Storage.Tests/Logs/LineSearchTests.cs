using System.Text;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Logs.Embedded;
using static Orrery.Storage.Tests.Logs.LogBatches;

namespace Orrery.Storage.Tests.Logs;

/// <summary>Searches for required substrings over block chunks: the id filter, index version 2 blocks, and the search over decoded chunk bytes.</summary>
public sealed class LineSearchTests : IAsyncLifetime
{
    private const string Id = "4bf92f3577b34da6a3ce929d0e0e4736";
    private readonly LogStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    /// <summary>2,000 JSON lines with random trace ids in their text, one of them <see cref="Id"/>, cut into small chunks.</summary>
    private async Task<EmbeddedLogStore> StoreWithIdsAsync()
    {
        var store = await _fixture.OpenAsync(_fixture.Options with { BlockFormat = new() { ChunkTargetBytes = 8192 } });
        var random = new Random(3);
        var lines = Enumerable.Range(0, 2000).Select(i =>
        {
            var id = i == 1234 ? Id : string.Concat(Enumerable.Range(0, 32).Select(_ => "0123456789abcdef"[random.Next(16)]));
            return new TestLine("app=a", i, $"{{\"level\":\"info\",\"msg\":\"request {i} done\",\"trace_id\":\"{id}\"}}");
        }).ToArray();
        await store.ConsumeAsync("default", Of(lines));
        store.CutHeadOnce();
        return store;
    }

    [Fact]
    public async Task The_id_filter_reads_only_the_chunk_holding_the_id()
    {
        var store = await StoreWithIdsAsync();
        var request = Request("app=a") with { RequiredSubstrings = [Encoding.ASCII.GetBytes(Id)] };

        var cursors = store.Select("default", request).ToList();
        var sources = cursors.Cast<MergedStreamCursor>().Sum(c => c.SourceCount);
        var lines = ReadAll(cursors);

        Assert.Equal(1234, Assert.Single(lines).Ts);
        Assert.True(sources <= 2, $"{sources} chunks read for an id in one");
    }

    [Fact]
    public async Task A_block_with_a_version_2_index_is_still_read_and_searched_without_id_filters()
    {
        var store = await StoreWithIdsAsync();
        await _fixture.CloseAsync(store);
        var block = Assert.Single(Directory.GetDirectories(Path.Combine(_fixture.DataDirectory, "logs", "default", "blocks")));
        var chunkCount = RewriteIndexAsVersion2(Path.Combine(block, LogBlockWriter.IndexFileName));
        Assert.True(chunkCount > 10);

        store = await _fixture.OpenAsync(_fixture.Options with { BlockFormat = new() { ChunkTargetBytes = 8192 } });
        var cursors = store.Select("default", Request("app=a") with { RequiredSubstrings = [Encoding.ASCII.GetBytes(Id)] }).ToList();
        var sources = cursors.Cast<MergedStreamCursor>().Sum(c => c.SourceCount);

        Assert.Equal(1234, Assert.Single(ReadAll(cursors)).Ts);
        Assert.Equal(chunkCount, sources);
        Assert.Equal(2000, ReadAll(store.Select("default", Request("app=a"))).Count);
    }

    [Theory]
    [InlineData("=alice42 to", new long[] { 3, 13 })]
    [InlineData("00 user=bob7", new long[] { 7, 17 })]
    [InlineData("took 15ms\"", new long[] { 0, 10 })]
    [InlineData("ms\"status", new long[0])]
    public async Task The_search_over_decoded_chunk_bytes_finds_literals_across_template_and_variable_boundaries(string literal, long[] expected)
    {
        var store = await _fixture.OpenAsync();
        string[] users = ["carol", "dave", "erin", "alice42", "frank", "grace", "heidi", "bob7", "ivan", "judy"];
        var lines = Enumerable.Range(0, 20).Select(i =>
            new TestLine("app=a", i, $"status={(i % 10 == 7 ? 500 : 200)} user={users[i % 10]} took {15 + i % 10}ms\"")).ToArray();
        await store.ConsumeAsync("default", Of(lines));
        store.CutHeadOnce();
        Assert.Equal(ChunkFormat.LinesTemplated, LayoutOfTheOnlyChunk());

        foreach (var direction in new[] { LogDirection.Forward, LogDirection.Backward })
        {
            var request = Request("app=a", direction) with { RequiredSubstrings = [Encoding.UTF8.GetBytes(literal)] };
            var found = ReadAll(store.Select("default", request)).Select(l => l.Ts).Order();
            Assert.Equal(expected, found);
        }
    }

    [Fact]
    public async Task A_hit_running_from_one_line_into_the_next_is_not_a_match()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 1, "abc"), new TestLine("app=a", 2, "def"), new TestLine("app=a", 3, "xcdefx")));
        store.CutHeadOnce();

        var request = Request("app=a") with { RequiredSubstrings = [Encoding.UTF8.GetBytes("cde")] };

        Assert.Equal([3L], ReadAll(store.Select("default", request)).Select(l => l.Ts));
    }

    [Theory]
    [InlineData(LogDirection.Forward)]
    [InlineData(LogDirection.Backward)]
    public async Task A_scan_over_many_chunks_decoded_ahead_returns_every_match_in_order_and_stops_cleanly(LogDirection direction)
    {
        var store = await _fixture.OpenAsync(_fixture.Options with { BlockFormat = new() { ChunkTargetBytes = 2048 } });
        await store.ConsumeAsync("default", Of(Enumerable.Range(0, 3000).Select(i =>
            new TestLine("app=a", i, i % 97 == 0 ? $"line {i} holds the needle" : $"line {i:D5} padding padding padding", default, ("k", $"v{i}"))).ToArray()));
        store.CutHeadOnce();
        var request = Request("app=a", direction) with { RequiredSubstrings = [Encoding.UTF8.GetBytes("needle")] };

        var lines = ReadAll(store.Select("default", request));
        var expected = Enumerable.Range(0, 3000).Where(i => i % 97 == 0).Select(i => (long)i).ToList();
        if (direction == LogDirection.Backward) expected.Reverse();
        Assert.Equal(expected, lines.Select(l => l.Ts));
        Assert.All(lines, l => Assert.Equal($"v{l.Ts}", l.Metadata["k"]));

        // Stopping after a few matches leaves chunks decoding ahead: disposing must wait for them, not fail.
        using (var cursor = store.Select("default", request with { RequiredSubstrings = null }).Single())
        {
            for (var i = 0; i < 500 && cursor.MoveNext(); i++)
            {
            }
        }
        Assert.Equal(3000, ReadAll(store.Select("default", Request("app=a", direction))).Count);
    }

    private byte LayoutOfTheOnlyChunk()
    {
        var block = Directory.GetDirectories(Path.Combine(_fixture.DataDirectory, "logs", "default", "blocks")).Single();
        return DecodedChunk.LinesLayout(File.ReadAllBytes(Path.Combine(block, LogBlockWriter.ChunksFileName)));
    }

    /// <summary>Rewrites a version 3 index as version 2 (no id filters), as blocks written before them are; returns the chunk count.</summary>
    private static int RewriteIndexAsVersion2(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var r = new ByteReader(bytes.AsSpan(0, bytes.Length - 4));
        var w = new ByteBuffer(bytes.Length);
        w.WriteUInt32(r.ReadUInt32());
        Assert.Equal(LogBlockWriter.IndexVersion, r.ReadByte());
        w.WriteByte(LogBlockWriter.IndexVersionNoIdFilter);
        var chunks = 0;
        var streams = r.ReadCount();
        w.WriteVarUInt((ulong)streams);
        for (var s = 0; s < streams; s++)
        {
            var labels = r.ReadCount();
            w.WriteVarUInt((ulong)labels);
            for (var l = 0; l < 2 * labels; l++) w.WriteBytes(r.ReadBytes());
            var count = r.ReadCount();
            w.WriteVarUInt((ulong)count);
            for (var c = 0; c < count; c++, chunks++)
            {
                w.WriteVarUInt(r.ReadVarUInt());
                w.WriteVarUInt(r.ReadVarUInt());
                w.WriteVarInt(r.ReadVarInt());
                for (var f = 0; f < 4; f++) w.WriteVarUInt(r.ReadVarUInt());
                var words = r.ReadCount();
                w.WriteVarUInt((ulong)words);
                for (var i = 0; i < words; i++) w.WriteUInt64(r.ReadUInt64());
                r.Take(8 * r.ReadCount());
            }
        }
        w.Write(r.Take(r.Remaining));
        w.WriteUInt32(Crc32C.Compute(w.Written));
        File.WriteAllBytes(path, w.Written.ToArray());
        return chunks;
    }
}
