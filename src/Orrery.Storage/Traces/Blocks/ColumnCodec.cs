using System.IO.Compression;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Undoes the per-column (and per-section) compression.</summary>
internal static class ColumnCodec
{
    /// <summary>Fills <paramref name="destination"/> exactly, or throws <see cref="InvalidDataException"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> stored, byte codec, Span<byte> destination)
    {
        switch (codec)
        {
            case PageWriter.CodecRaw:
                if (stored.Length != destination.Length) throw new InvalidDataException("raw column length mismatch");
                stored.CopyTo(destination);
                return;
            case PageWriter.CodecBrotli:
                if (!BrotliDecoder.TryDecompress(stored, destination, out var written) || written != destination.Length)
                    throw new InvalidDataException("compressed column does not decompress to its recorded length");
                return;
            default:
                throw new InvalidDataException($"unknown column codec {codec}");
        }
    }
}
