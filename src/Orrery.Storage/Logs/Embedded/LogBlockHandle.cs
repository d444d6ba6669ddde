using Orrery.Storage.Embedded;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// A reference-counted open log block (see <see cref="RefCountedBlock"/>), with its streams
/// mapped to the tenant's stream ids. Each reader (cursor) holds a reference, so a cursor never
/// sees its block vanish.
/// </summary>
internal sealed class LogBlockHandle : RefCountedBlock<LogBlock>
{
    private readonly Dictionary<int, LogBlockStream> _byStream;

    public LogBlockHandle(LogBlock block, StreamRegistry registry)
        : base(block, block.Directory)
    {
        _byStream = new Dictionary<int, LogBlockStream>(block.Streams.Count);
        foreach (var s in block.Streams)
        {
            var stream = registry.GetOrAdd(s.Labels);
            stream.ObserveTimestamp(s.MaxTimeNs);
            _byStream[stream.Id] = s;
        }
    }

    public LogBlockMeta Meta => Block.Meta;

    public IEnumerable<int> StreamIds => _byStream.Keys;

    public LogBlockStream? StreamOf(int streamId) => _byStream.GetValueOrDefault(streamId);
}
