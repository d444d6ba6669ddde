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

    private readonly List<ColumnEntry> _directory = [];

    /// <summary>
    /// Writes the page to <paramref name="data"/> at its current position and starts a new one.
    /// Format 3: the column bodies back to back; their directory (codec, lengths, checksum) goes to
    /// the page's index entry, so a reader fetches and checks only the columns it needs.
    /// </summary>
    public PageInfo Flush(Stream data)
    {
        _directory.Clear();
        _page.Clear();
        var pageOffset = data.Position;
        // The scanned columns go first, so a reader fetches them together in one read.
        foreach (var i in WriteOrder)
        {
            var raw = _columns[i].Written;
            if (raw.IsEmpty) continue;
            var start = _page.Length;
            var destination = _page.Reserve(BrotliEncoder.GetMaxCompressedLength(raw.Length), out _);
            var codec = CodecRaw;
            var stored = raw.Length;
            // Keep Brotli only when it saves enough: at least 1/32 in general (random ids do not
            // compress, and storing them raw saves the decoder the work; id columns are not even
            // tried), and at least a quarter on the small hot columns predicates and metrics scan,
            // whose raw bytes are read at memory speed (FORMAT.md, "Version 3").
            if (!IsRandomIds((Column)i)
                && BrotliEncoder.TryCompress(raw, destination, out var written, _options.BrotliQuality, WindowFor(raw.Length))
                && written < raw.Length - (raw.Length >> (IsScanned((Column)i) ? 2 : 5)))
            {
                codec = CodecBrotli;
                stored = written;
            }
            else
            {
                raw.CopyTo(destination);
            }
            _page.Truncate(start + stored);
            _directory.Add(new ColumnEntry((Column)i, codec, raw.Length, stored, pageOffset + start,
                Crc32C.Compute(_page.Written.Slice(start, stored))));
        }

        var info = _info;
        info.Offset = pageOffset;
        info.Length = _page.Length;
        info.Columns = [.. _directory];
        info.NameIds = Sorted(_names);
        info.ScopeIds = Sorted(_scopeIds);
        data.Write(_page.Written);

        foreach (var c in _columns) c?.Clear();
        _names.Clear();
        _scopeIds.Clear();
        _info = NewInfo();
        return info;
    }

    private static readonly int[] WriteOrder = [.. Enumerable.Range(1, ColumnSlots - 1).OrderBy(i => IsScanned((Column)i) ? 0 : 1).ThenBy(i => i)];

    /// <summary>Columns that predicates and columnar metrics read for every span of a page; written first, fetched together.</summary>
    public static bool IsScanned(Column c) =>
        c is Column.TraceSpanCounts or Column.TraceStarts or Column.StartOffsets or Column.Durations
            or Column.Names or Column.KindStatus or Column.Scopes;

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
