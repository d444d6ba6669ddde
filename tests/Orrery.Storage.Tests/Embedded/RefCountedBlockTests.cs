using Orrery.Storage.Tests.Support;

namespace Orrery.Storage.Tests.Embedded;

public class RefCountedBlockTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_retired_block_stays_open_until_the_last_reader_releases_it(bool delete)
    {
        using var dir = new TempDirectory();
        var block = new FakeBlock(dir.Path, "b1");
        var handle = new FakeHandle(block);
        Assert.True(handle.TryAcquire());
        Assert.True(handle.TryAcquire());

        handle.Retire(delete);
        handle.Release();

        Assert.Equal(0, block.Disposals);
        Assert.True(Directory.Exists(block.Directory));

        handle.Release();

        Assert.Equal(1, block.Disposals);
        Assert.Equal(!delete, Directory.Exists(block.Directory));
    }

    [Fact]
    public void A_block_released_for_good_cannot_be_acquired_again()
    {
        using var dir = new TempDirectory();
        var handle = new FakeHandle(new FakeBlock(dir.Path, "b1"));

        handle.Retire(delete: true);

        Assert.False(handle.TryAcquire());
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "b1")));
    }

    [Fact]
    public void Deleting_a_directory_already_gone_is_not_an_error()
    {
        using var dir = new TempDirectory();
        var block = new FakeBlock(dir.Path, "b1");
        var handle = new FakeHandle(block);
        Directory.Delete(block.Directory);

        handle.Retire(delete: true);

        Assert.Equal(1, block.Disposals);
    }

    [Fact]
    public async Task Readers_racing_a_retire_close_the_block_exactly_once()
    {
        using var dir = new TempDirectory();
        for (var round = 0; round < 20; round++)
        {
            var block = new FakeBlock(dir.Path, $"b{round}");
            var handle = new FakeHandle(block);
            using var start = new Barrier(5);
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 10_000; i++)
                {
                    if (!handle.TryAcquire()) return;
                    handle.Release();
                }
            })).ToArray();
            start.SignalAndWait();
            handle.Retire(delete: true);
            await Task.WhenAll(readers);

            Assert.Equal(1, block.Disposals);
            Assert.False(handle.TryAcquire());
            Assert.False(Directory.Exists(block.Directory));
        }
    }
}
