using Orrery.Signals;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Blocks;

public sealed class TraceBlockDurabilityTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_corrupted_page_is_reported_with_file_and_offset()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        var blockDir = Path.Combine(_dir.Path, meta.Id.ToString());
        var dataPath = Path.Combine(blockDir, "spans.data");
        var bytes = File.ReadAllBytes(dataPath);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(dataPath, bytes);
        using var block = TraceBlock.Open(blockDir);

        var e = Assert.Throws<InvalidDataException>(() => block.FindTrace(HandBuiltBatch.TraceA, TimeRange.All));

        Assert.Contains(dataPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("page 0 at offset 8", e.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => block.ReadAll().ToList());
        Assert.Throws<InvalidDataException>(() => block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All), default).ToList());
    }

    [Fact]
    public void A_truncated_data_file_is_reported()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        var blockDir = Path.Combine(_dir.Path, meta.Id.ToString());
        var dataPath = Path.Combine(blockDir, "spans.data");
        using (var f = new FileStream(dataPath, FileMode.Open)) f.SetLength(f.Length - 10);
        using var block = TraceBlock.Open(blockDir);

        var e = Assert.Throws<InvalidDataException>(() => block.ReadAll().ToList());

        Assert.Contains(dataPath, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-20)]
    public void A_corrupted_index_fails_open_naming_the_file(int at)
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        var blockDir = Path.Combine(_dir.Path, meta.Id.ToString());
        var indexPath = Path.Combine(blockDir, "spans.index");
        var bytes = File.ReadAllBytes(indexPath);
        bytes[at >= 0 ? at : bytes.Length + at] ^= 0x11;
        File.WriteAllBytes(indexPath, bytes);

        var e = Assert.Throws<InvalidDataException>(() => TraceBlock.Open(blockDir));

        Assert.Contains(indexPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_writes_are_not_blocks_and_are_removed()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        var temp = Path.Combine(_dir.Path, Guid.NewGuid() + ".tmp");
        Directory.CreateDirectory(temp);
        File.WriteAllBytes(Path.Combine(temp, "spans.data"), [1, 2, 3]);
        var noMeta = Path.Combine(_dir.Path, Guid.NewGuid().ToString());
        Directory.CreateDirectory(noMeta);
        var unrelated = Path.Combine(_dir.Path, "wal");
        Directory.CreateDirectory(unrelated);

        Assert.Throws<InvalidDataException>(() => TraceBlock.Open(temp));
        Assert.Throws<InvalidDataException>(() => TraceBlock.Open(noMeta));
        Assert.Equal(2, TraceBlockWriter.RemoveIncomplete(_dir.Path));

        Assert.False(Directory.Exists(temp));
        Assert.False(Directory.Exists(noMeta));
        Assert.True(Directory.Exists(unrelated));
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));
        Assert.Equal(5, block.Meta.SpanCount);
    }

    [Fact]
    public void A_block_from_another_format_version_is_refused()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        var blockDir = Path.Combine(_dir.Path, meta.Id.ToString());
        var metaPath = Path.Combine(blockDir, "meta.json");
        File.WriteAllText(metaPath, File.ReadAllText(metaPath).Replace($"\"FormatVersion\":{BlockFormat.Version}", "\"FormatVersion\":99", StringComparison.Ordinal));

        var e = Assert.Throws<InvalidDataException>(() => TraceBlock.Open(blockDir));

        Assert.Contains("99", e.Message, StringComparison.Ordinal);
    }
}
