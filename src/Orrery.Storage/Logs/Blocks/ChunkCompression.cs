using System.IO.Compression;
using System.Numerics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// How a chunk's sections are compressed. Brotli from the BCL (zstd and lz4 are not available);
/// FORMAT.md ("Compression") has the measurements behind the default quality.
/// </summary>
public sealed record ChunkCompression
{
    /// <summary>
    /// Quality 7: since lines are stored as templates and variable columns (a fraction of the raw
    /// bytes reaches the compressor), 7 costs about what 5 does per chunk and saves ~3% more;
    /// Brotli's context modelling starts at 5, below it the ratio falls sharply; 9 gains ~2% for
    /// ten times the CPU (FORMAT.md, "Compression").
    /// </summary>
    public int BrotliQuality { get; init; } = 7;

    /// <summary>2^22 = 4 MiB: covers a whole chunk section, so a repeat anywhere in it is found.</summary>
    public int BrotliWindow { get; init; } = 22;

    public static ChunkCompression Default { get; } = new();

    /// <summary>Appends section <paramref name="raw"/> to <paramref name="output"/> as varint raw length, varint stored length, codec byte, bytes.</summary>
    internal void WriteSection(ReadOnlySpan<byte> raw, ByteBuffer output)
    {
        output.WriteVarUInt((ulong)raw.Length);
        if (raw.Length >= 64)
        {
            var lengthAt = output.Length;
            var destination = output.Reserve(VarInt.MaxLength + 1 + BrotliEncoder.GetMaxCompressedLength(raw.Length), out var offset);
            var body = destination[(VarInt.MaxLength + 1)..];
            // Keep Brotli only when it saves something: a section of random ids stays raw.
            if (BrotliEncoder.TryCompress(raw, body, out var written, BrotliQuality, WindowFor(raw.Length)) && written < raw.Length)
            {
                // The stored length's varint width is only known now: write it, then move the body down.
                var n = VarInt.Write(destination, (ulong)written);
                destination[n] = ChunkFormat.CodecBrotli;
                body[..written].CopyTo(destination[(n + 1)..]);
                output.Truncate(offset + n + 1 + written);
                return;
            }
            output.Truncate(lengthAt);
        }
        output.WriteVarUInt((ulong)raw.Length);
        output.WriteByte(ChunkFormat.CodecRaw);
        output.Write(raw);
    }

    /// <summary>The smallest window that covers the section (at most the configured one): smaller windows encode faster.</summary>
    private int WindowFor(int length) =>
        Math.Clamp(BitOperations.Log2((uint)Math.Max(length - 1, 1)) + 1, 10, BrotliWindow);

    /// <summary>Reads a section written by <see cref="WriteSection"/> into <paramref name="destination"/> (its raw length, from <see cref="ReadSectionLength"/>).</summary>
    internal static void ReadSection(ref ByteReader reader, int rawLength, Span<byte> destination)
    {
        var stored = reader.ReadCount();
        var codec = reader.ReadByte();
        var body = reader.Take(stored);
        switch (codec)
        {
            case ChunkFormat.CodecRaw:
                if (stored != rawLength) throw new InvalidDataException("raw chunk section length mismatch");
                body.CopyTo(destination);
                break;
            case ChunkFormat.CodecBrotli:
                if (!BrotliDecoder.TryDecompress(body, destination[..rawLength], out var written) || written != rawLength)
                    throw new InvalidDataException("chunk section does not decompress to its recorded length");
                break;
            default:
                throw new InvalidDataException($"unknown chunk section codec {codec}");
        }
    }
}
