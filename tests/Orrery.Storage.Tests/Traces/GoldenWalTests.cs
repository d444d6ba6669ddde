using Orrery.Signals;
using Orrery.Storage.Tests.Support;

namespace Orrery.Storage.Tests.Traces;

/// <summary>
/// A WAL segment written by format version 1 (testdata/wal-v1, two span-batch records for the
/// tenants "golden" and "other") must replay in every later version: data acknowledged before an
/// upgrade is never lost to a format change.
/// </summary>
public class GoldenWalTests
{
    [Fact]
    public async Task A_version_1_segment_replays_into_the_head()
    {
        await using var fx = new StoreFixture();
        var walDirectory = Path.Combine(fx.DataDirectory, "wal", "traces");
        Directory.CreateDirectory(walDirectory);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testdata", "wal-v1")))
        {
            File.Copy(file, Path.Combine(walDirectory, Path.GetFileName(file)));
        }

        var store = await fx.OpenAsync();

        var cart = store.FindTrace("golden", TestSpans.Trace(1), TimeRange.All);
        Assert.NotNull(cart);
        Assert.Equal([11UL, 12UL], TestSpans.SpanIds(cart));
        var names = Enumerable.Range(0, cart.Count).Select(i => cart.String(cart.Spans[i].Name)).Order().ToArray();
        Assert.Equal(["GET /cart", "SELECT carts"], names);
        Assert.Equal("checkout", System.Text.Encoding.UTF8.GetString(cart.ServiceName(0)));
        Assert.Equal(TestSpans.BaseTime, Enumerable.Range(0, cart.Count).Min(i => cart.Spans[i].StartUnixNano));

        Assert.Null(store.FindTrace("golden", TestSpans.Trace(2), TimeRange.All));
        var charge = store.FindTrace("other", TestSpans.Trace(2), TimeRange.All);
        Assert.Equal([21UL], TestSpans.SpanIds(charge));
        Assert.DoesNotContain(fx.Logger.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}
