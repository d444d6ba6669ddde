using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// One page of the data file. Columns are fetched, checked and decompressed into pooled buffers on
/// first use, so a reader that needs three columns (a predicate) pays for three, not for all forty.
/// Format 3 pages have a directory with a checksum per column in the index, so only the needed
/// columns' bytes are read (<see cref="LoadWhole"/> reads the rest in one go when a caller will need
/// most of them); format 2 pages are read and checked whole. Dispose returns the buffers; decoded
/// batches never point into them.
/// </summary>
internal sealed class PageData : IDisposable
{
    private const int ColumnSlots = (int)Column.InlineStrings + 1;

    private readonly byte[]?[] _columns = new byte[ColumnSlots][];
    private readonly bool[] _pooled = new bool[ColumnSlots];
    private readonly int[] _lengths = new int[ColumnSlots];
    private readonly (long Offset, int Stored, byte Codec, bool Present, uint Crc)[] _directory = new (long, int, byte, bool, uint)[ColumnSlots];
    private SafeFileHandle? _file;
    private PageInfo? _page;
    /// <summary>The whole page's stored bytes, when read whole (always for format 2); offsets in <see cref="_directory"/> are then into it.</summary>
    private byte[]? _raw;
    private long _rawOffset;
    private int _rawLength;
    private int _pageNumber;
    private string? _path;
    private bool _verified;

    /// <summary>Error messages name the file, page, offset and length.</summary>
    private string Where => $"block data file '{_path}' is corrupt: page {_pageNumber} at offset {_page?.Offset ?? _rawOffset} (length {_page?.Length ?? _rawLength})";

    /// <summary>The decompressed column; empty when the page has none. Fetches and decompresses on first use.</summary>
    public byte[] Array(Column c, out int length)
    {
        var id = (int)c;
        if (_columns[id] is null && _directory[id].Present) Load(id);
        length = _lengths[id];
        return _columns[id] ?? [];
    }

    /// <summary>Decompressed bytes of the columns fetched so far (for search statistics).</summary>
    public long LoadedBytes
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _columns.Length; i++)
            {
                if (_columns[i] is not null) total += _lengths[i];
            }
            return total;
        }
    }

    public static PageData Read(SafeFileHandle file, string path, PageInfo page, int pageNumber)
    {
        var data = new PageData { _path = path, _pageNumber = pageNumber, _rawOffset = page.Offset, _rawLength = page.Length };
        try
        {
            if (page.Columns.Length == 0)
            {
                // Format 2: one checksum over the page, the directory inside it.
                var bytes = data.ReadWhole(file, page);
                if (Crc32C.Compute(bytes) != page.Crc) throw new InvalidDataException("checksum mismatch");
                data._verified = true;
                data.ReadDirectory(bytes);
                return data;
            }
            data._file = file;
            data._page = page;
            foreach (var c in page.Columns)
            {
                data._directory[(int)c.Id] = (c.Offset, c.StoredLength, c.Codec, true, c.Crc);
                data._lengths[(int)c.Id] = c.RawLength;
            }
            return data;
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            data.Dispose();
            throw new InvalidDataException($"{data.Where}: {e.Message}", e);
        }
    }

    /// <summary>Reads the rest of a format 3 page in one read, for a caller about to decode most of its columns.</summary>
    public void LoadWhole()
    {
        if (_page is null || _file is null || (_raw is not null && _rawLength == _page.Length)) return;
        try
        {
            ReadWhole(_file, _page);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{Where}: {e.Message}", e);
        }
    }

    private ReadOnlySpan<byte> ReadWhole(SafeFileHandle file, PageInfo page) => ReadRange(file, page.Offset, page.Length);

    /// <summary>Reads a span of the page into <see cref="_raw"/> (replacing what it held; no column points into it).</summary>
    private ReadOnlySpan<byte> ReadRange(SafeFileHandle file, long offset, int length)
    {
        var raw = ArrayPool<byte>.Shared.Rent(length);
        if (_raw is { } old) ArrayPool<byte>.Shared.Return(old);
        _raw = raw;
        _rawOffset = offset;
        _rawLength = length;
        ReadExactly(file, raw.AsSpan(0, length), offset, "page");
        return raw.AsSpan(0, length);
    }

    /// <summary>
    /// The scanned columns (<see cref="PageWriter.IsScanned"/>) are written first: the first time
    /// one is needed, all of them are fetched in one read.
    /// </summary>
    private void ReadScannedColumns()
    {
        long start = long.MaxValue, end = 0;
        foreach (var c in _page!.Columns)
        {
            if (!PageWriter.IsScanned(c.Id)) continue;
            start = Math.Min(start, c.Offset);
            end = Math.Max(end, c.Offset + c.StoredLength);
        }
        if (end > start) ReadRange(_file!, start, (int)(end - start));
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> destination, long offset, string what)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(file, destination[read..], offset + read);
            if (n == 0) throw new InvalidDataException($"file ends inside the {what}");
            read += n;
        }
    }

    private void ReadDirectory(ReadOnlySpan<byte> page)
    {
        var r = new ByteReader(page);
        var count = r.ReadCount();
        if (count > ColumnSlots) throw new InvalidDataException($"page lists {count} columns");
        Span<(byte Id, byte Codec, int Raw, int Stored)> directory = stackalloc (byte, byte, int, int)[count];
        for (var i = 0; i < count; i++)
        {
            var id = r.ReadByte();
            if (id == 0 || id >= ColumnSlots) throw new InvalidDataException($"unknown column {id}");
            directory[i] = (id, r.ReadByte(), r.ReadCount(), r.ReadCount());
        }
        foreach (var (id, codec, rawLength, storedLength) in directory)
        {
            var offset = r.Position;
            r.Take(storedLength);
            _directory[id] = (_rawOffset + offset, storedLength, codec, true, 0);
            _lengths[id] = rawLength;
        }
    }

    private void Load(int id)
    {
        var (offset, stored, codec, _, crc) = _directory[id];
        try
        {
            ReadOnlySpan<byte> bytes;
            byte[]? own = null;
            if (_raw is null && _page is not null && PageWriter.IsScanned((Column)id)) ReadScannedColumns();
            if (_raw is not null && offset >= _rawOffset && offset + stored <= _rawOffset + _rawLength)
            {
                bytes = _raw.AsSpan((int)(offset - _rawOffset), stored);
            }
            else
            {
                own = ArrayPool<byte>.Shared.Rent(stored);
                ReadExactly(_file!, own.AsSpan(0, stored), offset, "column");
                bytes = own.AsSpan(0, stored);
            }
            if (!_verified && Crc32C.Compute(bytes) != crc) throw new InvalidDataException("checksum mismatch");
            if (codec == PageWriter.CodecRaw && own is not null)
            {
                // Stored as is: the bytes read are the column.
                _columns[id] = own;
                _pooled[id] = true;
                return;
            }
            var buffer = ArrayPool<byte>.Shared.Rent(_lengths[id]);
            _columns[id] = buffer;
            _pooled[id] = true;
            try
            {
                RepeatedColumns.Decode(bytes, codec, buffer.AsSpan(0, _lengths[id]));
            }
            finally
            {
                if (own is not null) ArrayPool<byte>.Shared.Return(own);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{Where}: column {(Column)id}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_columns[i] is { } a && _pooled[i]) ArrayPool<byte>.Shared.Return(a);
            _columns[i] = null;
        }
        if (_raw is { } raw) ArrayPool<byte>.Shared.Return(raw);
        _raw = null;
    }
}
