using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// One tenant's closed head chunks on disk (<c>&lt;data&gt;/metrics/&lt;tenant&gt;/chunks_head/NNNNNN</c>),
/// so the heap holds a 20-byte <see cref="HeadChunkRef"/> per closed chunk instead of its bytes.
/// Each chunk is appended to the current segment as a u32 length and its bytes, through a write
/// buffer flushed in large writes; reads copy out of a read-only mapping of the segment (no
/// syscall), or out of the buffer for what is not written yet. A segment is deleted once no live
/// chunk is in it. No fsync and no recovery: the WAL and the checkpoint are the source of truth,
/// and the store deletes leftovers at start.
/// </summary>
/// <remarks>
/// A caller reads only chunks it holds a live reference to (under the series lock, or as the one
/// thread that releases them: the cut and the checkpoint run one at a time), so a segment is never
/// deleted under a copy; a mapping's handle is also reference-counted while a copy runs, so a
/// broken rule is an exception, never a read of unmapped memory.
/// </remarks>
internal sealed class HeadChunkFiles : IDisposable
{
    public const string DirectoryName = "chunks_head";

    /// <summary>128 MiB, as Prometheus's head chunk segments: few files, each mapped once.</summary>
    public const long DefaultSegmentBytes = 128L << 20;

    private const int LengthPrefix = 4;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly Lock _write = new();
    private readonly int _bufferBytes;

    /// <summary>Allocated with the first chunk: a tenant that never closes one pays nothing.</summary>
    private byte[] _buffer = [];
    private Segment[] _segments = [];
    private Segment? _current;
    private int _nextNumber = 1;

    /// <summary>Offset in the current segment where the next chunk goes.</summary>
    private long _position;

    /// <summary>Bytes in <see cref="_buffer"/>: the current segment from its <see cref="Segment.Written"/> on.</summary>
    private int _buffered;
    private bool _disposed;

    public HeadChunkFiles(string directory, long segmentBytes = DefaultSegmentBytes, int writeBufferBytes = 256 << 10)
    {
        if (segmentBytes is < 4096 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(segmentBytes));
        _directory = directory;
        _segmentBytes = segmentBytes;
        _bufferBytes = Math.Max(LengthPrefix, writeBufferBytes);
    }

    /// <summary>Segment files on disk now.</summary>
    public int SegmentCount => Volatile.Read(ref _segments).Length;

    /// <summary>Chunks written and not yet released.</summary>
    public long LiveChunks => Volatile.Read(ref _segments).Sum(s => (long)Volatile.Read(ref s.LiveChunks));

    /// <summary>Deletes what an earlier run left (the files are rebuilt from the checkpoint and the WAL).</summary>
    public static void DeleteLeftovers(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Appends a chunk; returns where it is. Safe from any thread.</summary>
    public ulong Append(ReadOnlySpan<byte> chunk)
    {
        var need = LengthPrefix + (long)chunk.Length;
        if (need > _segmentBytes) throw new ArgumentException($"a chunk of {chunk.Length} bytes does not fit a head chunk segment of {_segmentBytes} bytes", nameof(chunk));
        lock (_write)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_buffer.Length == 0) _buffer = new byte[_bufferBytes];
            if (_current is null || _position + need > _segmentBytes) Roll();
            var segment = _current!;
            if (need > _buffer.Length - _buffered) Flush();
            if (need <= _buffer.Length)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffered), chunk.Length);
                chunk.CopyTo(_buffer.AsSpan(_buffered + LengthPrefix));
                _buffered += (int)need;
            }
            else
            {
                // Larger than the buffer (a big histogram chunk): written straight through.
                Span<byte> length = stackalloc byte[LengthPrefix];
                BinaryPrimitives.WriteInt32LittleEndian(length, chunk.Length);
                RandomAccess.Write(segment.File, length, _position);
                RandomAccess.Write(segment.File, chunk, _position + LengthPrefix);
                Volatile.Write(ref segment.Written, _position + need);
            }
            var location = ((ulong)(uint)segment.Number << 32) | (uint)_position;
            _position += need;
            Interlocked.Increment(ref segment.LiveChunks);
            return location;
        }
    }

    /// <summary>The length of the chunk at <paramref name="location"/>.</summary>
    public int LengthOf(ulong location)
    {
        Span<byte> prefix = stackalloc byte[LengthPrefix];
        Copy(SegmentOf(location), Offset(location), prefix);
        return BinaryPrimitives.ReadInt32LittleEndian(prefix);
    }

    /// <summary>Copies the chunk at <paramref name="location"/> into <paramref name="destination"/>, which is <see cref="LengthOf"/> long.</summary>
    public void Read(ulong location, Span<byte> destination) => Copy(SegmentOf(location), Offset(location) + LengthPrefix, destination);

    /// <summary>The chunk at <paramref name="location"/> in a new array.</summary>
    public byte[] Read(ulong location)
    {
        var bytes = new byte[LengthOf(location)];
        Read(location, bytes);
        return bytes;
    }

    /// <summary>The chunk is no longer referenced; its segment goes when it was the last one and writing has moved on.</summary>
    public void Release(ulong location)
    {
        var segment = SegmentOf(location);
        if (Interlocked.Decrement(ref segment.LiveChunks) > 0) return;
        lock (_write)
        {
            if (segment != _current && Volatile.Read(ref segment.LiveChunks) == 0) Delete(segment);
        }
    }

    /// <summary>Unmaps and deletes every segment (the store is closing; nothing reads any more).</summary>
    public void Dispose()
    {
        lock (_write)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var segment in _segments) Delete(segment);
            _current = null;
            _buffered = 0;
        }
    }

    private static long Offset(ulong location) => (long)(uint)location;

    private Segment SegmentOf(ulong location)
    {
        var number = (int)(location >> 32);
        var segments = Volatile.Read(ref _segments);
        int lo = 0, hi = segments.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var n = segments[mid].Number;
            if (n == number) return segments[mid];
            if (n < number) lo = mid + 1;
            else hi = mid - 1;
        }
        throw new InvalidOperationException($"head chunk segment {number} is gone while a chunk in it is still read");
    }

    private void Copy(Segment segment, long offset, Span<byte> destination)
    {
        if (offset + destination.Length <= Volatile.Read(ref segment.Written))
        {
            segment.View.ReadSpan((ulong)offset, destination);
            return;
        }
        lock (_write)
        {
            // Flushed meanwhile, or still in the buffer (only the current segment has unwritten bytes).
            if (offset + destination.Length <= segment.Written) segment.View.ReadSpan((ulong)offset, destination);
            else _buffer.AsSpan((int)(offset - segment.Written), destination.Length).CopyTo(destination);
        }
    }

    /// <summary>Writes the buffer to the current segment. Caller holds the write lock.</summary>
    private void Flush()
    {
        if (_buffered == 0 || _current is null) return;
        RandomAccess.Write(_current.File, _buffer.AsSpan(0, _buffered), _current.Written);
        Volatile.Write(ref _current.Written, _current.Written + _buffered);
        _buffered = 0;
    }

    /// <summary>Starts a new segment; the old one goes at once when nothing in it is live. Caller holds the write lock.</summary>
    private void Roll()
    {
        Flush();
        var previous = _current;
        Directory.CreateDirectory(_directory);
        var number = _nextNumber++;
        var segment = Segment.Create(Path.Combine(_directory, number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), number, _segmentBytes);
        Volatile.Write(ref _segments, [.. _segments, segment]);
        _current = segment;
        _position = 0;
        if (previous is not null && Volatile.Read(ref previous.LiveChunks) == 0) Delete(previous);
    }

    /// <summary>Caller holds the write lock.</summary>
    private void Delete(Segment segment)
    {
        Volatile.Write(ref _segments, _segments.Where(s => s != segment).ToArray());
        segment.Dispose();
        try
        {
            File.Delete(segment.Path);
        }
        catch (IOException)
        {
            // Deleted at the next start at the latest.
        }
    }

    private sealed class Segment : IDisposable
    {
        public int LiveChunks;

        /// <summary>Bytes written to the file (readable through the mapping); the rest of the current segment is in the buffer.</summary>
        public long Written;

        private Segment(string path, int number, SafeFileHandle file, MemoryMappedFile map, SafeMemoryMappedViewHandle view, MemoryMappedViewAccessor accessor)
        {
            Path = path;
            Number = number;
            File = file;
            Map = map;
            View = view;
            Accessor = accessor;
        }

        public string Path { get; }

        public int Number { get; }

        public SafeFileHandle File { get; }

        public SafeMemoryMappedViewHandle View { get; }

        private MemoryMappedFile Map { get; }

        private MemoryMappedViewAccessor Accessor { get; }

        /// <summary>The file is sized to the segment up front (sparse), so the one mapping covers every chunk it will hold.</summary>
        public static Segment Create(string path, int number, long bytes)
        {
            var file = System.IO.File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            try
            {
                RandomAccess.SetLength(file, bytes);
                var map = MemoryMappedFile.CreateFromFile(file, null, bytes, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
                var accessor = map.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.Read);
                return new Segment(path, number, file, map, accessor.SafeMemoryMappedViewHandle, accessor);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Accessor.Dispose();
            Map.Dispose();
            File.Dispose();
        }
    }
}
