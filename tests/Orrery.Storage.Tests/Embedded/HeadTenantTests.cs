using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Embedded;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Tests.Embedded;

public class HeadTenantTests
{
    [Fact]
    public void A_failed_cut_stops_the_run_so_the_checkpoint_passes_only_parts_in_blocks()
    {
        using var dir = new TempDirectory();
        var tenant = new TestTenant(Path.Combine(dir.Path, "blocks"));
        var checkpoint = WalCheckpoint.Load(Path.Combine(dir.Path, "checkpoint"));
        tenant.Append(new WalPosition(1, 10));
        tenant.FreezeActive();
        tenant.Append(new WalPosition(2, 20));
        tenant.FreezeActive();
        var cutDone = tenant.CutDone;
        var writes = 0;

        var written = tenant.WriteFrozenParts(
            _ => ++writes == 1 ? new FakeHandle(new FakeBlock(tenant.BlocksDirectory, "b1")) : throw new IOException("disk full"),
            checkpoint,
            NullLogger.Instance,
            "test");

        Assert.Equal(1, written);
        Assert.Single(tenant.Blocks.All);
        Assert.Equal([new WalPosition(2, 20)], tenant.Frozen.Select(p => p.FirstPosition));
        Assert.True(checkpoint.Covers("t", new WalPosition(1, 10)));
        Assert.False(checkpoint.Covers("t", new WalPosition(2, 20)));
        Assert.True(cutDone.IsCompleted);
        Assert.Equal(2, tenant.OldestUnflushedSegment());
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    public void The_active_part_freezes_when_forced_or_full(bool force, bool full, bool frozen)
    {
        using var dir = new TempDirectory();
        var tenant = new TestTenant(dir.Path);
        tenant.Append(new WalPosition(1, 0));

        tenant.FreezeActiveIfDue(force, _ => full, maxAge: TimeSpan.FromDays(1));

        Assert.Equal(frozen ? 1 : 0, tenant.Frozen.Length);
        Assert.Equal(frozen, tenant.Active.IsEmpty);
    }

    [Fact]
    public void An_empty_part_never_freezes()
    {
        using var dir = new TempDirectory();
        var tenant = new TestTenant(dir.Path);

        tenant.FreezeActiveIfDue(force: true, _ => true, maxAge: TimeSpan.Zero);

        Assert.Empty(tenant.Frozen);
        Assert.Null(tenant.OldestUnflushedSegment());
    }

    private sealed class TestPart(long createdTimestamp) : IHeadPart
    {
        public long CreatedTimestamp { get; } = createdTimestamp;

        public WalPosition FirstPosition { get; private set; }

        public WalPosition LastPosition { get; private set; }

        public bool IsEmpty { get; private set; } = true;

        public void Append(WalPosition position)
        {
            if (IsEmpty) FirstPosition = position;
            LastPosition = position;
            IsEmpty = false;
        }
    }

    private sealed class TestTenant(string blocksDirectory)
        : HeadTenant<TestPart, FakeHandle>("t", blocksDirectory, TimeProvider.System, static timestamp => new TestPart(timestamp))
    {
        public void Append(WalPosition position)
        {
            lock (Sync) Active.Append(position);
        }
    }
}
