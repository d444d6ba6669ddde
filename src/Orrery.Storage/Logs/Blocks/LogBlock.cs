using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// An open log block: its index held in memory (streams, chunk references with their blooms,
/// the trace index) and a handle on <c>chunks</c> that reads one chunk at a time. Thread-safe
/// for reads (positional reads on a shared handle).
/// </summary>
public sealed class LogBlock : IDisposable
{
    private readonly SafeFileHandle _chunks;
    private readonly LogChunkRef[] _chunkRefs;
    private readonly uint[] _traceHashes;
    private readonly int[] _traceChunks;

    private LogBlock(string directory, LogBlockMeta meta, SafeFileHandle chunks, LogBlockStream[] streams, LogChunkRef[] chunkRefs, uint[] traceHashes, int[] traceChunks)
    {
        Directory = directory;
        Meta = meta;
        _chunks = chunks;
        Streams = streams;
        _chunkRefs = chunkRefs;
        _traceHashes = traceHashes;
        _traceChunks = traceChunks;
    }

    public string Directory { get; }

    public LogBlockMeta Meta { get; }

    public IReadOnlyList<LogBlockStream> Streams { get; }

    public ReadOnlySpan<LogChunkRef> Chunks => _chunkRefs;

    public ReadOnlySpan<LogChunkRef> ChunksOf(LogBlockStream stream) => _chunkRefs.AsSpan(stream.FirstChunk, stream.ChunkCount);

    public static LogBlock Open(string directory)
    {
        var meta = LogBlockMeta.Read(directory);
        var bytes = File.ReadAllBytes(Path.Combine(directory, LogBlockWriter.IndexFileName));
        if (bytes.Length < 9 || Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)))
            throw new InvalidDataException($"log block index checksum mismatch in {directory}");
        var r = new ByteReader(bytes.AsSpan(0, bytes.Length - 4));
        if (r.ReadUInt32() != LogBlockWriter.IndexMagic) throw new InvalidDataException($"not a log block index: {directory}");
        var version = r.ReadByte();
        if (version is not (LogBlockWriter.IndexVersion or LogBlockWriter.IndexVersionNoIdFilter or LogBlockWriter.IndexVersionFullTraceIds)) throw new InvalidDataException($"unknown log block index version {version} in {directory}");

        var streams = new LogBlockStream[r.ReadCount()];
        var chunks = new List<LogChunkRef>(meta.Chunks);
        for (var s = 0; s < streams.Length; s++)
        {
            var labels = new Label[r.ReadCount()];
            for (var i = 0; i < labels.Length; i++)
            {
                var name = Encoding.UTF8.GetString(r.ReadBytes());
                labels[i] = new Label(name, Encoding.UTF8.GetString(r.ReadBytes()));
            }
            var first = chunks.Count;
            var count = r.ReadCount();
            long min = long.MaxValue, max = long.MinValue;
            for (var c = 0; c < count; c++)
            {
                var offset = (long)r.ReadVarUInt();
                var length = r.ReadCount();
                var minTs = r.ReadVarInt();
                var maxTs = minTs + (long)r.ReadVarUInt();
                var lines = r.ReadCount();
                var raw = (long)r.ReadVarUInt();
                var lineBytes = (long)r.ReadVarUInt();
                var words = new ulong[r.ReadCount()];
                for (var w = 0; w < words.Length; w++) words[w] = r.ReadUInt64();
                BloomFilter? ids = null;
                var hasIds = version >= LogBlockWriter.IndexVersion;
                if (hasIds && r.ReadCount() is var idWords and > 0)
                {
                    var idBits = new ulong[idWords];
                    for (var w = 0; w < idBits.Length; w++) idBits[w] = r.ReadUInt64();
                    ids = BloomFilter.FromWords(idBits);
                }
                chunks.Add(new LogChunkRef(s, offset, length, minTs, maxTs, lines, raw, lineBytes, BloomFilter.FromWords(words)) { HasIdFilter = hasIds, Ids = ids });
                min = Math.Min(min, minTs);
                max = Math.Max(max, maxTs);
            }
            streams[s] = new LogBlockStream(LabelSet.FromSorted(labels), first, count, min, max);
        }
        var traceCount = r.ReadCount();
        var traceHashes = new uint[traceCount];
        var traceChunks = new int[traceCount];
        uint hash = 0;
        for (var i = 0; i < traceCount; i++)
        {
            if (version == LogBlockWriter.IndexVersionFullTraceIds)
            {
                traceHashes[i] = LogBlockWriter.TraceHash(new TraceId(r.ReadUInt64BigEndian(), r.ReadUInt64BigEndian()));
            }
            else
            {
                var delta = r.ReadVarUInt();
                if (delta > uint.MaxValue - hash) throw new InvalidDataException($"trace index hashes are out of order in {directory}");
                traceHashes[i] = hash += (uint)delta;
            }
            traceChunks[i] = r.ReadCount();
            if (traceChunks[i] >= chunks.Count) throw new InvalidDataException($"trace index names chunk {traceChunks[i]} of {chunks.Count} in {directory}");
        }
        var handle = File.OpenHandle(Path.Combine(directory, LogBlockWriter.ChunksFileName), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        // Version 1 was sorted by full id; lookups need it sorted by hash.
        if (version == LogBlockWriter.IndexVersionFullTraceIds) Array.Sort(traceHashes, traceChunks);
        return new LogBlock(directory, meta, handle, streams, chunks.ToArray(), traceHashes, traceChunks);
    }

    /// <summary>
    /// Adds the indexes of the chunks that may hold lines of <paramref name="traceId"/> (ascending)
    /// to <paramref name="chunks"/>: all that do, and rarely one whose trace shares the id's hash.
    /// </summary>
    public void ChunksOfTrace(TraceId traceId, List<int> chunks)
    {
        var hash = LogBlockWriter.TraceHash(traceId);
        int lo = 0, hi = _traceHashes.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_traceHashes[mid] < hash) lo = mid + 1;
            else hi = mid;
        }
        var first = chunks.Count;
        for (var i = lo; i < _traceHashes.Length && _traceHashes[i] == hash; i++) chunks.Add(_traceChunks[i]);
        // A v1 index re-sorted by hash may list one hash's chunks out of order.
        chunks.Sort(first, chunks.Count - first, null);
    }

    /// <summary>Reads and decodes one chunk; the caller disposes it.</summary>
    public DecodedChunk ReadChunk(in LogChunkRef chunk)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
        try
        {
            var read = 0;
            while (read < chunk.Length)
            {
                var n = RandomAccess.Read(_chunks, buffer.AsSpan(read, chunk.Length - read), chunk.Offset + read);
                if (n == 0) throw new InvalidDataException($"log block {Directory}: chunk at {chunk.Offset} is truncated");
                read += n;
            }
            return DecodedChunk.Decode(buffer.AsSpan(0, chunk.Length));
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"log block {Directory}: chunk at offset {chunk.Offset}: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _chunks.Dispose();
}
