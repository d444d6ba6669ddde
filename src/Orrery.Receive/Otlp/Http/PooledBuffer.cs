using System.Buffers;

namespace Orrery.Receive.Otlp.Http;

/// <summary>
/// A request payload in an <see cref="ArrayPool{T}"/> array. The owner (the request handler)
/// disposes it once the payload is decoded; the decoder copies what it keeps into its batch,
/// so nothing refers to the array afterwards.
/// </summary>
public sealed class PooledBuffer : IDisposable
{
    private byte[]? _array;

    internal PooledBuffer(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBuffer))).AsMemory(0, Length);

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is null) return;
        // Payloads of one tenant must not linger where another tenant's request reads.
        array.AsSpan(0, Length).Clear();
        ArrayPool<byte>.Shared.Return(array);
    }
}
