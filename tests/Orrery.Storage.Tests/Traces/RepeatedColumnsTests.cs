using System.IO.Compression;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Tiny compressed columns decoded from the shared table give exactly what decoding them gives, collisions or not.</summary>
public sealed class RepeatedColumnsTests
{
    [Fact]
    public void Many_small_columns_decoded_twice_in_turn_come_back_exact()
    {
        // More distinct columns than the table has slots, so entries collide and replace each other.
        var columns = Enumerable.Range(0, 600).Select(i => Enumerable.Repeat((byte)(i % 251), 100 + (i % 7)).ToArray()).ToList();
        var stored = columns.Select(Compress).ToList();
        Assert.All(stored, s => Assert.True(s.Length <= RepeatedColumns.MaxStoredLength));
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var decoded = new byte[columns[i].Length];
                RepeatedColumns.Decode(stored[i], PageWriter.CodecBrotli, decoded);
                Assert.Equal(columns[i], decoded);
            }
        }
    }

    [Fact]
    public void The_same_stored_bytes_with_another_recorded_length_are_refused_as_corrupt()
    {
        var column = new byte[1000];
        var stored = Compress(column);
        RepeatedColumns.Decode(stored, PageWriter.CodecBrotli, new byte[1000]);
        Assert.Throws<InvalidDataException>(() => RepeatedColumns.Decode(stored, PageWriter.CodecBrotli, new byte[999]));
    }

    private static byte[] Compress(byte[] raw)
    {
        var destination = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        Assert.True(BrotliEncoder.TryCompress(raw, destination, out var written, 5, 10));
        return destination[..written];
    }
}
