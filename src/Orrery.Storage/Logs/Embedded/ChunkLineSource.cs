using System.Buffers;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// The lines of one block chunk, read and decoded when the merge first needs them (or ahead of
/// that, on another core, once <see cref="Prefetch"/> is called). With required substrings the
/// chunk's decoded bytes are searched as one buffer and only the lines holding every substring
/// are visited: a scan for a rare string costs the decode and a vectorised search, not a step
/// of the merge per line.
/// </summary>
internal sealed class ChunkLineSource(LogBlock block, LogChunkRef chunk, byte[][] required) : LineSource
{
    private DecodedChunk? _data;
    private Task<DecodedChunk>? _prefetch;
    private int[] _present = [];
    private int _presentCount;
    private int[]? _matches;
    private int _matchCount;
    private int _position;
    private int _end;
    private int _step;

    public override long MinTimestamp => chunk.MinTimeNs;

    public override long MaxTimestamp => chunk.MaxTimeNs;

    /// <summary>Starts reading and decoding the chunk on the thread pool; <see cref="Open"/> takes the result.</summary>
    public override void Prefetch() => _prefetch ??= Task.Run(() => block.ReadChunk(chunk));

    public override bool Open(long start, long end, bool backward)
    {
        var data = _data = TakeDecoded();
        _present = new int[data.MetadataNameCount];
        var lo = data.LowerBound(start);
        var hi = end == long.MaxValue ? data.Count : data.LowerBound(end + 1);
        if (lo >= hi) return false;
        _step = backward ? -1 : 1;
        if (required.Length > 0)
        {
            FindMatches(data, lo, hi);
            if (_matchCount == 0) return false;
            // Positions walk the match list; Line and the metadata map them to lines.
            lo = 0;
            hi = _matchCount;
        }
        _position = backward ? hi - 1 : lo;
        _end = backward ? lo - 1 : hi;
        Load();
        return true;
    }

    private DecodedChunk TakeDecoded()
    {
        if (_prefetch is null) return block.ReadChunk(chunk);
        var task = _prefetch;
        _prefetch = null;
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Lines in [lo, hi) holding every required substring, in order: the longest substring is searched across the whole buffer, the others only in its hits' lines.</summary>
    private void FindMatches(DecodedChunk data, int lo, int hi)
    {
        var first = required[0];
        foreach (var s in required)
        {
            if (s.Length > first.Length) first = s;
        }
        var all = data.AllLines;
        var pos = data.LineStart(lo);
        var limit = data.LineStart(hi);
        var line = lo;
        _matchCount = 0;
        while (pos < limit)
        {
            var k = all[pos..limit].IndexOf(first);
            if (k < 0) break;
            var at = pos + k;
            line = data.LineAt(at, line);
            var lineEnd = data.LineStart(line + 1);
            // A hit running over the end of its line joins two lines' bytes: not a match.
            if (at + first.Length > lineEnd)
            {
                pos = at + 1;
                continue;
            }
            if (HoldsAll(all[data.LineStart(line)..lineEnd]))
            {
                _matches ??= ArrayPool<int>.Shared.Rent(Math.Max(16, Math.Min(hi - lo, 256)));
                if (_matchCount == _matches.Length)
                {
                    var larger = ArrayPool<int>.Shared.Rent(_matches.Length * 2);
                    _matches.AsSpan(0, _matchCount).CopyTo(larger);
                    ArrayPool<int>.Shared.Return(_matches);
                    _matches = larger;
                }
                _matches[_matchCount++] = line;
            }
            pos = lineEnd;
        }
    }

    private bool HoldsAll(ReadOnlySpan<byte> line)
    {
        foreach (var s in required)
        {
            if (line.IndexOf(s) < 0) return false;
        }
        return true;
    }

    public override bool Advance()
    {
        _position += _step;
        if (_position == _end) return false;
        Load();
        return true;
    }

    private int LineIndex => _matches is null ? _position : _matches[_position];

    private void Load()
    {
        var data = _data!;
        var line = LineIndex;
        _presentCount = 0;
        for (var k = 0; k < _present.Length; k++)
        {
            if (data.HasMetadata(k, line)) _present[_presentCount++] = k;
        }
    }

    public override long Timestamp => _data!.Timestamp(LineIndex);

    public override ReadOnlySpan<byte> Line => _data!.Line(LineIndex);

    public override int MetadataCount => _presentCount;

    public override ReadOnlySpan<byte> MetadataName(int index) => _data!.MetadataName(_present[index]);

    public override ReadOnlySpan<byte> MetadataValue(int index) => _data!.MetadataValue(_present[index], LineIndex);

    public override void Dispose()
    {
        if (_prefetch is { } task)
        {
            // The block stays open until the cursor releases it, i.e. after this returns: wait for the read.
            _prefetch = null;
            try
            {
                task.GetAwaiter().GetResult().Dispose();
            }
            catch (InvalidDataException)
            {
                // A corrupt chunk nobody asked for any more: its error would have surfaced on Open.
            }
        }
        _data?.Dispose();
        _data = null;
        if (_matches is not null) ArrayPool<int>.Shared.Return(_matches);
        _matches = null;
    }
}
