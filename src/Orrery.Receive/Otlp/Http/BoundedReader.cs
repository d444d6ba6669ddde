using System.Buffers;

namespace Orrery.Receive.Otlp.Http;

/// <summary>
/// Reads a stream to its end into a pooled buffer, refusing to go past a limit. Used on
/// decompressing streams too, where it stops inflating as soon as the limit is passed, so a
/// gzip bomb costs at most <c>limit</c> bytes of memory and the time to inflate them.
/// </summary>
public static class BoundedReader
{
    /// <summary>Start small when the size is unknown; buffers double as they fill.</summary>
    private const int DefaultSizeHint = 64 * 1024;

    /// <returns>The bytes read, or null when the stream holds more than <paramref name="limit"/> bytes.</returns>
    public static async ValueTask<PooledBuffer?> ReadAsync(Stream source, long limit, long? sizeHint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        // One byte past the limit is how an oversize stream is told from one exactly at it.
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        var initial = (int)Math.Clamp(sizeHint ?? DefaultSizeHint, 256, cap);
        var array = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == array.Length)
                {
                    if (length >= cap) break;
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)array.Length * 2, cap));
                    array.AsSpan(0, length).CopyTo(bigger);
                    Return(array, length);
                    array = bigger;
                }
                var room = Math.Min(array.Length, cap) - length;
                var n = await source.ReadAsync(array.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                length += n;
                if (length > limit) break;
            }
        }
        catch
        {
            Return(array, length);
            throw;
        }
        if (length > limit)
        {
            Return(array, length);
            return null;
        }
        return new PooledBuffer(array, length);
    }

    private static void Return(byte[] array, int written)
    {
        array.AsSpan(0, written).Clear();
        ArrayPool<byte>.Shared.Return(array);
    }
}
