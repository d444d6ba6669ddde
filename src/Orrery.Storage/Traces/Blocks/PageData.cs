using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// One page read from the data file, checksum-verified and with every column decompressed into
/// pooled buffers. Dispose returns the buffers; decoded batches never point into them.
/// </summary>
internal sealed class PageData : IDisposable
{
    private const int ColumnSlots = (int)Column.InlineStrings + 1;

    private readonly byte[]?[] _columns = new byte[ColumnSlots][];
    private readonly int[] _lengths = new int[ColumnSlots];

    public ReadOnlySpan<byte> this[Column c] => _columns[(int)c] is { } a ? a.AsSpan(0, _lengths[(int)c]) : default;

    public byte[] Array(Column c, out int length)
    {
        length = _lengths[(int)c];
        return _columns[(int)c] ?? [];
    }

    public static PageData Read(SafeFileHandle file, string path, PageInfo page, int pageNumber)
    {
        var raw = ArrayPool<byte>.Shared.Rent(page.Length);
        var data = new PageData();
        try
        {
            var read = 0;
            while (read < page.Length)
            {
                var n = RandomAccess.Read(file, raw.AsSpan(read, page.Length - read), page.Offset + read);
                if (n == 0) throw new InvalidDataException("file ends inside the page");
                read += n;
            }
            var bytes = raw.AsSpan(0, page.Length);
            if (Crc32C.Compute(bytes) != page.Crc) throw new InvalidDataException("checksum mismatch");
            data.Decode(bytes);
            return data;
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException)
        {
            data.Dispose();
            throw new InvalidDataException(
                $"block data file '{path}' is corrupt: page {pageNumber} at offset {page.Offset} (length {page.Length}): {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private void Decode(ReadOnlySpan<byte> page)
    {
        var r = new ByteReader(page);
        var count = r.ReadCount();
        Span<(byte Id, byte Codec, int Raw, int Stored)> directory = stackalloc (byte, byte, int, int)[Math.Min(count, ColumnSlots)];
        if (count > ColumnSlots) throw new InvalidDataException($"page lists {count} columns");
        for (var i = 0; i < count; i++)
        {
            var id = r.ReadByte();
            if (id == 0 || id >= ColumnSlots) throw new InvalidDataException($"unknown column {id}");
            directory[i] = (id, r.ReadByte(), r.ReadCount(), r.ReadCount());
        }
        foreach (var (id, codec, rawLength, storedLength) in directory)
        {
            var stored = r.Take(storedLength);
            var buffer = ArrayPool<byte>.Shared.Rent(rawLength);
            _columns[id] = buffer;
            _lengths[id] = rawLength;
            try
            {
                ColumnCodec.Decode(stored, codec, buffer.AsSpan(0, rawLength));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"column {(Column)id}: {e.Message}", e);
            }
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (_columns[i] is { } a) ArrayPool<byte>.Shared.Return(a);
            _columns[i] = null;
        }
    }
}
