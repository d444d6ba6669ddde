using System.IO.Compression;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Writes the index file: a header, then sections (id, codec, raw length, stored length, CRC-32C,
/// bytes), then an end marker. The reader loads all of it at open; it is small next to the data.
/// </summary>
internal sealed class BlockIndexWriter
{
    private readonly ByteBuffer _file = new(1 << 16);
    private readonly ByteBuffer _section = new(1 << 16);
    private readonly BlockWriteOptions _options;

    public BlockIndexWriter(BlockWriteOptions options)
    {
        _options = options;
        _file.WriteUInt32(BlockFormat.IndexMagic);
        _file.WriteUInt32(BlockFormat.Version);
    }

    /// <summary>The buffer the next section's content is written to; <see cref="EndSection"/> seals it.</summary>
    public ByteBuffer BeginSection()
    {
        _section.Clear();
        return _section;
    }

    public void EndSection(IndexSection id, bool compress = true)
    {
        var raw = _section.Written;
        var codec = PageWriter.CodecRaw;
        byte[]? compressed = null;
        var stored = raw.Length;
        if (compress && raw.Length > 0)
        {
            compressed = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
            if (BrotliEncoder.TryCompress(raw, compressed, out var written, _options.IndexBrotliQuality, _options.BrotliWindow) && written < raw.Length)
            {
                codec = PageWriter.CodecBrotli;
                stored = written;
            }
        }
        var body = codec == PageWriter.CodecBrotli ? compressed.AsSpan(0, stored) : raw;
        _file.WriteByte((byte)id);
        _file.WriteByte(codec);
        _file.WriteVarUInt((ulong)raw.Length);
        _file.WriteVarUInt((ulong)stored);
        _file.WriteUInt32(Crc32C.Compute(body));
        _file.Write(body);
    }

    /// <summary>Writes the file and forces it to disk; returns its length.</summary>
    public long WriteTo(string path)
    {
        _file.WriteByte((byte)IndexSection.End);
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        f.Write(_file.Written);
        f.Flush(flushToDisk: true);
        return f.Length;
    }
}
