using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// Writes one log block (FORMAT.md): every stream's lines, in time order, as chunks in
/// <c>chunks</c>, then <c>index</c> (streams, chunk references, blooms, trace index), then
/// <c>meta.json</c>. Everything goes to <c>&lt;id&gt;.tmp/</c>, fsynced, then renamed to
/// <c>&lt;id&gt;/</c>, so a block directory is either complete or absent.
/// </summary>
public static class LogBlockWriter
{
    public const string ChunksFileName = "chunks";
    public const string IndexFileName = "index";
    public const uint IndexMagic = 0x494C524F; // "ORLI" little-endian
    /// <summary>
    /// Version 3 adds each chunk's id filter (FORMAT.md, "Chunk id filter"); version 2 (32-bit
    /// trace id hashes, no id filter) and version 1 (full trace ids) are still read.
    /// </summary>
    public const byte IndexVersion = 3;

    public const byte IndexVersionNoIdFilter = 2;

    public const byte IndexVersionFullTraceIds = 1;

    /// <summary>
    /// Writes the streams (each cursor yields its lines oldest first, each once) and returns
    /// the block's meta, or null when no stream had a line (nothing is written then).
    /// </summary>
    public static LogBlockMeta? Write(
        string parentDirectory, IEnumerable<(LabelSet Labels, LogStreamCursor Lines)> streams, int compactionLevel, LogBlockWriteOptions? options = null)
    {
        options ??= LogBlockWriteOptions.Default;
        var id = Guid.NewGuid();
        var temporary = Path.Combine(parentDirectory, id.ToString("N") + ".tmp");
        var final = Path.Combine(parentDirectory, id.ToString("N"));
        Directory.CreateDirectory(temporary);
        try
        {
            var index = new ByteBuffer(64 * 1024);
            var builder = new ChunkBuilder();
            var encoded = new ByteBuffer(512 * 1024);
            var streamEntries = new ByteBuffer(64 * 1024);
            var traces = new List<(uint Hash, int Chunk)>();
            long offset = 0, lines = 0, rawBytes = 0;
            long minTs = long.MaxValue, maxTs = long.MinValue;
            int streamCount = 0, chunkCount = 0;

            using (var chunks = new FileStream(Path.Combine(temporary, ChunksFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var chunkRefs = new ByteBuffer(4096);
                foreach (var (labels, cursor) in streams)
                {
                    using (cursor)
                    {
                        builder.Reset();
                        chunkRefs.Clear();
                        var streamChunks = 0;
                        void Flush()
                        {
                            encoded.Clear();
                            var bloom = builder.Encode(encoded, options.Compression, options.BloomBitsPerKey, out var ids);
                            chunks.Write(encoded.Written);
                            chunkRefs.WriteVarUInt((ulong)offset);
                            chunkRefs.WriteVarUInt((ulong)encoded.Length);
                            chunkRefs.WriteVarInt(builder.MinTimestamp);
                            chunkRefs.WriteVarUInt((ulong)(builder.MaxTimestamp - builder.MinTimestamp));
                            chunkRefs.WriteVarUInt((ulong)builder.LineCount);
                            chunkRefs.WriteVarUInt((ulong)builder.RawBytes);
                            chunkRefs.WriteVarUInt((ulong)builder.LineBytes);
                            chunkRefs.WriteVarUInt((ulong)bloom.WordCount);
                            foreach (var w in bloom.Words) chunkRefs.WriteUInt64(w);
                            chunkRefs.WriteVarUInt((ulong)(ids?.WordCount ?? 0));
                            if (ids is not null)
                            {
                                foreach (var w in ids.Words) chunkRefs.WriteUInt64(w);
                            }
                            foreach (var t in builder.TraceIds) traces.Add((TraceHash(t), chunkCount));
                            offset += encoded.Length;
                            lines += builder.LineCount;
                            rawBytes += builder.RawBytes;
                            minTs = Math.Min(minTs, builder.MinTimestamp);
                            maxTs = Math.Max(maxTs, builder.MaxTimestamp);
                            chunkCount++;
                            streamChunks++;
                            builder.Reset();
                        }

                        while (cursor.MoveNext())
                        {
                            builder.Add(cursor);
                            if (builder.RawBytes >= options.ChunkTargetBytes) Flush();
                        }
                        if (builder.LineCount > 0) Flush();
                        if (streamChunks == 0) continue;

                        streamEntries.WriteVarUInt((ulong)labels.Count);
                        foreach (var label in labels.AsSpan())
                        {
                            WriteString(streamEntries, label.Name);
                            WriteString(streamEntries, label.Value);
                        }
                        streamEntries.WriteVarUInt((ulong)streamChunks);
                        streamEntries.Write(chunkRefs.Written);
                        streamCount++;
                    }
                }
                chunks.Flush(flushToDisk: true);
            }

            if (chunkCount == 0)
            {
                Directory.Delete(temporary, recursive: true);
                return null;
            }

            index.WriteUInt32(IndexMagic);
            index.WriteByte(IndexVersion);
            index.WriteVarUInt((ulong)streamCount);
            index.Write(streamEntries.Written);
            traces.Sort((a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Chunk.CompareTo(b.Chunk));
            var distinct = 0;
            for (var i = 0; i < traces.Count; i++)
            {
                if (i == 0 || traces[i] != traces[i - 1]) traces[distinct++] = traces[i];
            }
            index.WriteVarUInt((ulong)distinct);
            uint previous = 0;
            for (var i = 0; i < distinct; i++)
            {
                index.WriteVarUInt(traces[i].Hash - previous);
                index.WriteVarUInt((ulong)traces[i].Chunk);
                previous = traces[i].Hash;
            }
            index.WriteUInt32(Crc32C.Compute(index.Written));
            using (var file = new FileStream(Path.Combine(temporary, IndexFileName), FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(index.Written);
                file.Flush(flushToDisk: true);
            }

            var meta = new LogBlockMeta(id, IndexVersion, minTs, maxTs, streamCount, chunkCount, lines, rawBytes, offset + index.Length, compactionLevel);
            meta.Write(temporary);
            Directory.Move(temporary, final);
            return meta;
        }
        catch
        {
            try
            {
                Directory.Delete(temporary, recursive: true);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    /// <summary>
    /// The trace index key: 32 bits of a mix of the whole id (not a prefix: some id schemes put
    /// a timestamp first). A collision only makes a lookup read a chunk it then filters out.
    /// </summary>
    public static uint TraceHash(TraceId id) => (uint)(BloomFilter.Mix(id.High, id.Low) >> 32);

    private static void WriteString(ByteBuffer buffer, string value)
    {
        Span<byte> stack = stackalloc byte[256];
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = max <= stack.Length ? stack : new byte[max];
        var n = System.Text.Encoding.UTF8.GetBytes(value, bytes);
        buffer.WriteBytes(bytes[..n]);
    }
}
