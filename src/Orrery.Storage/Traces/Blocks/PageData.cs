using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// One page read from the data file and checksum-verified. Columns are decompressed into pooled
/// buffers on first use, so a reader that needs three columns (a predicate) pays for three, not
/// for all forty. Dispose returns the buffers; decoded batches never point into them.
/// </summary>
internal sealed class PageData : IDisposable
{
    private const int ColumnSlots = (int)Column.InlineStrings + 1;

    private readonly byte[]?[] _columns = new byte[ColumnSlots][];
    private readonly int[] _lengths = new int[ColumnSlots];
    private readonly (int Offset, int Stored, byte Codec, bool Present)[] _directory = new (int, int, byte, bool)[ColumnSlots];
    private byte[]? _raw;
    private string _where = "";

    /// <summary>The decompressed column; empty when the page has none. Decompresses on first use.</summary>
    public byte[] Array(Column c, out int length)
    {
        var id = (int)c;
        if (_columns[id] is null && _directory[id].Present) Decompress(id);
        length = _lengths[id];
        return _columns[id] ?? [];
    }

    public static PageData Read(SafeFileHandle file, string path, PageInfo page, int pageNumber)
    {
        var data = new PageData { _where = $"block data file '{path}' is corrupt: page {pageNumber} at offset {page.Offset} (length {page.Length})" };
        try
        {
            var raw = ArrayPool<byte>.Shared.Rent(page.Length);
            data._raw = raw;
            var read = 0;
            while (read < page.Length)
            {
                var n = RandomAccess.Read(file, raw.AsSpan(read, page.Length - read), page.Offset + read);
                if (n == 0) throw new InvalidDataException("file ends inside the page");
                read += n;
            }
            var bytes = raw.AsSpan(0, page.Length);
            if (Crc32C.Compute(bytes) != page.Crc) throw new InvalidDataException("checksum mismatch");
            data.ReadDirectory(bytes);
            return data;
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            data.Dispose();
            throw new InvalidDataException($"{data._where}: {e.Message}", e);
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
            _directory[id] = (offset, storedLength, codec, true);
            _lengths[id] = rawLength;
        }
    }

    private void Decompress(int id)
    {
        var (offset, stored, codec, _) = _directory[id];
        var buffer = ArrayPool<byte>.Shared.Rent(_lengths[id]);
        _columns[id] = buffer;
        try
        {
            ColumnCodec.Decode(_raw.AsSpan(offset, stored), codec, buffer.AsSpan(0, _lengths[id]));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{_where}: column {(Column)id}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_columns[i] is { } a) ArrayPool<byte>.Shared.Return(a);
            _columns[i] = null;
        }
        if (_raw is { } raw) ArrayPool<byte>.Shared.Return(raw);
        _raw = null;
    }
}
