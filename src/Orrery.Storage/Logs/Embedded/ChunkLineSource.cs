using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>The lines of one block chunk, read and decoded when the merge first needs them.</summary>
internal sealed class ChunkLineSource(LogBlock block, LogChunkRef chunk) : LineSource
{
    private DecodedChunk? _data;
    private int[] _present = [];
    private int _presentCount;
    private int _position;
    private int _end;
    private int _step;

    public override long MinTimestamp => chunk.MinTimeNs;

    public override long MaxTimestamp => chunk.MaxTimeNs;

    public override bool Open(long start, long end, bool backward)
    {
        var data = _data = block.ReadChunk(chunk);
        _present = new int[data.MetadataNameCount];
        var lo = data.LowerBound(start);
        var hi = end == long.MaxValue ? data.Count : data.LowerBound(end + 1);
        if (lo >= hi) return false;
        _step = backward ? -1 : 1;
        _position = backward ? hi - 1 : lo;
        _end = backward ? lo - 1 : hi;
        Load();
        return true;
    }

    public override bool Advance()
    {
        _position += _step;
        if (_position == _end) return false;
        Load();
        return true;
    }

    private void Load()
    {
        var data = _data!;
        _presentCount = 0;
        for (var k = 0; k < _present.Length; k++)
        {
            if (data.HasMetadata(k, _position)) _present[_presentCount++] = k;
        }
    }

    public override long Timestamp => _data!.Timestamp(_position);

    public override ReadOnlySpan<byte> Line => _data!.Line(_position);

    public override int MetadataCount => _presentCount;

    public override ReadOnlySpan<byte> MetadataName(int index) => _data!.MetadataName(_present[index]);

    public override ReadOnlySpan<byte> MetadataValue(int index) => _data!.MetadataValue(_present[index], _position);

    public override void Dispose()
    {
        _data?.Dispose();
        _data = null;
    }
}
