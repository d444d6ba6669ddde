using System.IO.Compression;
using System.Numerics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Compressing the columns and writing the page.</summary>
internal sealed partial class PageWriter
{
    /// <summary>Column codecs: stored as is, or Brotli.</summary>
    public const byte CodecRaw = 0;
    public const byte CodecBrotli = 1;

    private readonly ByteBuffer _bodies = new(1 << 16);
    private readonly List<(Column Id, byte Codec, int RawLength, int StoredLength)> _directory = [];

    /// <summary>
    /// Writes the page to <paramref name="data"/> at its current position and starts a new one.
    /// Layout: column count, per column (id, codec, raw length, stored length), then the bodies.
    /// </summary>
    public PageInfo Flush(Stream data)
    {
        _directory.Clear();
        _bodies.Clear();
        for (var i = 1; i < ColumnSlots; i++)
        {
            var raw = _columns[i].Written;
            if (raw.IsEmpty) continue;
            var start = _bodies.Length;
            var destination = _bodies.Reserve(BrotliEncoder.GetMaxCompressedLength(raw.Length), out _);
            var codec = CodecRaw;
            var stored = raw.Length;
            // Keep Brotli only when it saves at least 1/32: random ids do not compress, and storing
            // them raw saves the decoder the work. Id columns are not even tried: they are a fifth
            // of a page's raw bytes and always came out raw, after ~10% of the page's Brotli time.
            if (!IsRandomIds((Column)i)
                && BrotliEncoder.TryCompress(raw, destination, out var written, _options.BrotliQuality, WindowFor(raw.Length))
                && written < raw.Length - (raw.Length >> 5))
            {
                codec = CodecBrotli;
                stored = written;
            }
            else
            {
                raw.CopyTo(destination);
            }
            _bodies.Truncate(start + stored);
            _directory.Add(((Column)i, codec, raw.Length, stored));
        }

        _page.Clear();
        _page.WriteVarUInt((ulong)_directory.Count);
        foreach (var (id, codec, rawLength, storedLength) in _directory)
        {
            _page.WriteByte((byte)id);
            _page.WriteByte(codec);
            _page.WriteVarUInt((ulong)rawLength);
            _page.WriteVarUInt((ulong)storedLength);
        }
        _page.Write(_bodies.Written);

        var info = _info;
        info.Offset = data.Position;
        info.Length = _page.Length;
        info.Crc = Crc32C.Compute(_page.Written);
        info.NameIds = Sorted(_names);
        info.ScopeIds = Sorted(_scopeIds);
        data.Write(_page.Written);

        foreach (var c in _columns) c?.Clear();
        _names.Clear();
        _scopeIds.Clear();
        _info = NewInfo();
        return info;
    }

    private static bool IsRandomIds(Column c) =>
        c is Column.TraceIds or Column.SpanIds or Column.ParentIds or Column.LinkTraceIds or Column.LinkSpanIds;

    /// <summary>
    /// The smallest Brotli window that covers the column (at most the configured one): a larger
    /// window cannot find more matches, but makes the decoder allocate a larger ring buffer.
    /// </summary>
    private int WindowFor(int length) =>
        Math.Clamp(BitOperations.Log2((uint)Math.Max(length - 1, 1)) + 1, 10, _options.BrotliWindow);

    private static int[] Sorted(HashSet<int> set)
    {
        var a = set.ToArray();
        Array.Sort(a);
        return a;
    }
}
