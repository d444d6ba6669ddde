using System.Runtime.CompilerServices;
using Orrery.Storage.Metrics.Embedded;
using Orrery.Storage.Tests.Support;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class HeadChunkFilesTests : IDisposable
{
    private const long SegmentBytes = 4096;

    private readonly TempDirectory _directory = new();

    private string ChunksDirectory => Path.Combine(_directory.Path, HeadChunkFiles.DirectoryName);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(64)] // most reads come from the file, a few from the buffer
    [InlineData(1 << 16)] // everything of the current segment stays in the buffer
    public void Chunks_read_back_as_written_from_the_buffer_the_file_and_across_segments(int bufferBytes)
    {
        using var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes, bufferBytes);
        var chunks = Enumerable.Range(0, 200).Select(Chunk).ToList();
        var locations = chunks.Select(c => files.Append(c)).ToList();

        Assert.True(files.SegmentCount > 1);
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i].Length, files.LengthOf(locations[i]));
            Assert.Equal(chunks[i], files.Read(locations[i]));
        }
    }

    [Fact]
    public void A_chunk_larger_than_the_write_buffer_is_written_through_and_reads_back()
    {
        using var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes, writeBufferBytes: 64);
        var small = Chunk(1);
        var large = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var first = files.Append(small);
        var second = files.Append(large);
        var third = files.Append(small);

        Assert.Equal(small, files.Read(first));
        Assert.Equal(large, files.Read(second));
        Assert.Equal(small, files.Read(third));
    }

    [Fact]
    public void Segments_roll_at_their_size_and_are_numbered_files()
    {
        using var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes);
        var chunk = new byte[1000];
        for (var i = 0; i < 8; i++) files.Append(chunk);

        // 4 chunks of 1,004 bytes fit a 4,096-byte segment.
        Assert.Equal(2, files.SegmentCount);
        Assert.Equal(["000001", "000002"], Directory.GetFiles(ChunksDirectory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_segment_is_deleted_once_its_last_chunk_is_released_and_writing_has_moved_on()
    {
        using var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes);
        var chunk = new byte[1000];
        var inFirst = Enumerable.Range(0, 4).Select(_ => files.Append(chunk)).ToList();
        var inSecond = files.Append(chunk);

        foreach (var l in inFirst.Skip(1)) files.Release(l);
        Assert.Equal(2, files.SegmentCount);
        files.Release(inFirst[0]);
        Assert.Equal(1, files.SegmentCount);
        Assert.Equal(["000002"], Directory.GetFiles(ChunksDirectory).Select(Path.GetFileName));

        // The current segment stays while it is written to, even when nothing in it is live ...
        files.Release(inSecond);
        Assert.Equal(1, files.SegmentCount);
        Assert.Equal(0, files.LiveChunks);

        // ... and goes when writing rolls past it.
        files.Append(new byte[3500]);
        Assert.Equal(["000003"], Directory.GetFiles(ChunksDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public void Reading_a_released_chunk_of_a_deleted_segment_fails_loudly()
    {
        using var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes);
        var gone = files.Append(new byte[3000]);
        files.Append(new byte[3000]);
        files.Release(gone);

        Assert.Throws<InvalidOperationException>(() => files.LengthOf(gone));
    }

    [Fact]
    public void Dispose_deletes_every_segment_and_leftovers_are_deleted()
    {
        var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes);
        for (var i = 0; i < 10; i++) files.Append(new byte[1000]);
        files.Dispose();
        Assert.Empty(Directory.GetFiles(ChunksDirectory));

        File.WriteAllBytes(Path.Combine(ChunksDirectory, "000007"), [1, 2, 3]);
        HeadChunkFiles.DeleteLeftovers(ChunksDirectory);
        Assert.False(Directory.Exists(ChunksDirectory));
    }

    [Fact]
    public async Task Readers_on_other_threads_see_every_chunk_while_segments_roll_and_are_deleted()
    {
        using var files = new HeadChunkFiles(ChunksDirectory, SegmentBytes, writeBufferBytes: 512);
        var live = new List<(ulong Location, byte[] Bytes)>();
        var sync = new Lock();
        using var stop = new CancellationTokenSource();
        var reads = 0L;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // As a series does: a chunk is read only under the lock its owner releases it under.
                lock (sync)
                {
                    foreach (var (location, bytes) in live)
                    {
                        Assert.Equal(bytes, files.Read(location));
                        Interlocked.Increment(ref reads);
                    }
                }
            }
        })).ToList();

        for (var i = 0; i < 2000; i++)
        {
            var bytes = Chunk(i);
            var location = files.Append(bytes);
            lock (sync)
            {
                live.Add((location, bytes));
                if (live.Count > 20)
                {
                    files.Release(live[0].Location);
                    live.RemoveAt(0);
                }
            }
            // Every 100 chunks, wait for the readers to get a turn, so reads interleave with writes and deletes.
            if (i % 100 == 99)
            {
                var seen = Interlocked.Read(ref reads);
                while (Interlocked.Read(ref reads) == seen) Thread.Yield();
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(reads >= 20);
        Assert.True(files.SegmentCount <= 2);
        Assert.Equal(20, files.LiveChunks);
    }

    [Fact]
    public void A_closed_chunk_reference_is_20_bytes()
    {
        Assert.Equal(20, Unsafe.SizeOf<HeadChunkRef>());
        var chunk = new HeadChunkRef(1_700_000_000_000, 1_700_000_000_000 + 7_199_999, (7UL << 32) | 123);
        Assert.Equal(1_700_007_199_999, chunk.MaxTimeMs);
        Assert.Equal((7UL << 32) | 123, chunk.Location);
    }

    /// <summary>A chunk of 1 to 300 bytes whose content depends on <paramref name="i"/>.</summary>
    private static byte[] Chunk(int i) => Enumerable.Range(0, 1 + (i * 37 % 300)).Select(j => (byte)(i + j)).ToArray();
}
