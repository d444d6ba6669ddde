namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// The timestamps of a run of samples on their own, shared in a block by every chunk with exactly
/// these timestamps (all the series of one scrape target, which Prometheus and OTLP exporters
/// stamp with one time per scrape): the <see cref="TimestampCodec"/> bit stream from byte 0, no
/// header. Jittered scrapes cost ~5 bits a timestamp; shared by a target's hundreds of series,
/// almost nothing a sample.
/// </summary>
public static class TimestampColumn
{
    /// <summary>Encodes strictly increasing timestamps.</summary>
    public static byte[] Encode(ReadOnlySpan<long> timestampsMs)
    {
        var w = new BitWriter(0, 16 + timestampsMs.Length);
        var codec = TimestampCodec.Create();
        for (var i = 0; i < timestampsMs.Length; i++)
        {
            if (i > 0 && timestampsMs[i] <= timestampsMs[i - 1])
                throw new ArgumentException($"timestamp {timestampsMs[i]} is not after {timestampsMs[i - 1]}", nameof(timestampsMs));
            codec.Write(ref w, i, timestampsMs[i]);
        }
        return w.Buffer.AsSpan(0, w.ByteLength).ToArray();
    }

    /// <summary>Decodes the first <paramref name="count"/> timestamps (InvalidDataException when the column is shorter).</summary>
    public static long[] Decode(ReadOnlySpan<byte> column, int count)
    {
        var bytes = column.ToArray();
        var r = new BitReader(bytes, 0, bytes.Length, 0);
        var codec = TimestampCodec.Create();
        var result = new long[count];
        for (var i = 0; i < count; i++) result[i] = codec.Read(ref r, i);
        return result;
    }
}
