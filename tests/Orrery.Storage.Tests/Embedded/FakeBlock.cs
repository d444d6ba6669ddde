using Orrery.Storage.Embedded;

namespace Orrery.Storage.Tests.Embedded;

/// <summary>A block that only records being closed, in a directory of its own.</summary>
internal sealed class FakeBlock : IDisposable
{
    private int _disposals;

    public FakeBlock(string parent, string name)
    {
        Directory = Path.Combine(parent, name);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public int Disposals => Volatile.Read(ref _disposals);

    public void Dispose() => Interlocked.Increment(ref _disposals);
}

internal sealed class FakeHandle(FakeBlock block, long minTime = 0) : RefCountedBlock<FakeBlock>(block, block.Directory)
{
    public long MinTime { get; } = minTime;
}
