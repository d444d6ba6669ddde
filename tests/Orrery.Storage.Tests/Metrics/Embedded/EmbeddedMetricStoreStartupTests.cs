using Microsoft.Extensions.Logging;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

/// <summary>What start-up makes of a tenant's <c>blocks/</c> directory: complete blocks open, leftovers go, the rest is not the store's.</summary>
public sealed class EmbeddedMetricStoreStartupTests : IAsyncLifetime
{
    /// <summary>Shaped like a block id (26 characters of the ULID alphabet), as the writer names blocks.</summary>
    private const string BlockShapedName = "01JDZ8Q4X5K3M7N2P9R6T0V1WY";

    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private string BlocksDirectory => Path.Combine(_fixture.DataDirectory, "metrics", Tenant, "blocks");

    [Fact]
    public async Task A_block_directory_without_meta_json_is_deleted_and_the_complete_block_still_reads()
    {
        var complete = await WriteOneBlockAsync();
        // What a crash in the middle of deleting a retired block leaves: some files, meta.json gone.
        var metaLess = Path.Combine(BlocksDirectory, BlockShapedName);
        Directory.CreateDirectory(metaLess);
        File.WriteAllBytes(Path.Combine(metaLess, "index"), [1, 2, 3]);

        var store = await _fixture.OpenAsync();

        Assert.False(Directory.Exists(metaLess));
        Assert.Equal([complete], Directory.GetDirectories(BlocksDirectory).Select(Path.GetFileName));
        Assert.Equal(60, Samples(store, "m").Count);
        Assert.DoesNotContain(_fixture.Logger.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_temporary_block_directory_is_deleted()
    {
        await WriteOneBlockAsync();
        var temporary = Path.Combine(BlocksDirectory, BlockShapedName + ".tmp");
        Directory.CreateDirectory(temporary);
        File.WriteAllBytes(Path.Combine(temporary, "chunks"), [1, 2, 3]);

        await _fixture.OpenAsync();

        Assert.False(Directory.Exists(temporary));
    }

    [Theory]
    [InlineData("notes")]
    [InlineData("01jdz8q4x5k3m7n2p9r6t0v1wy")]
    [InlineData("01JDZ8Q4X5K3M7N2P9R6T0V1W")]
    public async Task A_directory_not_named_like_a_block_is_left_alone(string name)
    {
        await WriteOneBlockAsync();
        var foreign = Path.Combine(BlocksDirectory, name);
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "readme"), "not a block");

        var store = await _fixture.OpenAsync();

        Assert.True(File.Exists(Path.Combine(foreign, "readme")));
        Assert.Equal(60, Samples(store, "m").Count);
    }

    [Fact]
    public async Task A_block_that_cannot_be_opened_is_logged_and_left_on_disk()
    {
        var complete = await WriteOneBlockAsync();
        var index = Path.Combine(BlocksDirectory, complete, "index");
        File.WriteAllBytes(index, new byte[File.ReadAllBytes(index).Length]);

        await _fixture.OpenAsync();

        Assert.True(File.Exists(index));
        Assert.Contains(_fixture.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(complete, StringComparison.Ordinal));
    }

    /// <summary>Writes an hour of one series into a block and closes the store cleanly; returns the block's directory name.</summary>
    private async Task<string> WriteOneBlockAsync()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, Minute, 60));
        // A sample two block ranges later makes the first window due for a cut.
        await store.ConsumeAsync(Tenant, TestBatch.Range("later", T0 + (4 * Hour), Minute, 1));
        Assert.Equal(1, store.CutHeadsOnce());
        await _fixture.CloseAsync(store);
        return Path.GetFileName(Assert.Single(Directory.GetDirectories(BlocksDirectory)))!;
    }
}
