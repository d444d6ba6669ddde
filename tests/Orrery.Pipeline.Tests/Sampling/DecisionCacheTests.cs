using Orrery.Pipeline.Sampling;
using Orrery.Signals;

namespace Orrery.Pipeline.Tests.Sampling;

public class DecisionCacheTests
{
    private static TenantTrace Key(int i) => new(0, new TraceId(0, (ulong)i + 1));

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void Remembers_the_last_capacity_ids_first_in_first_out_across_the_growth_of_its_ring(int capacity)
    {
        var cache = new DecisionCache(capacity);
        var added = capacity * 3 + 7;
        for (var i = 0; i < added; i++) cache.Add(Key(i));

        Assert.Equal(capacity, cache.Count);
        Assert.Equal(capacity, cache.RingLength);
        for (var i = 0; i < added; i++) Assert.Equal(i >= added - capacity, cache.Contains(Key(i)));
    }

    [Fact]
    public void A_large_capacity_costs_nothing_until_ids_arrive()
    {
        var cache = new DecisionCache(2_000_000);

        Assert.True(cache.RingLength <= 1024, $"ring of {cache.RingLength} ids allocated up front");
        for (var i = 0; i < 3000; i++) cache.Add(Key(i));
        Assert.InRange(cache.RingLength, 3000, 6000);
        Assert.True(cache.Contains(Key(0)));
        Assert.True(cache.Contains(Key(2999)));
    }

    [Fact]
    public void A_removed_id_is_forgotten_and_one_added_again_is_remembered_from_its_new_slot()
    {
        var cache = new DecisionCache(3);
        cache.Add(Key(0));
        cache.Add(Key(1));
        cache.Remove(Key(0));
        Assert.False(cache.Contains(Key(0)));

        cache.Add(Key(2));
        cache.Add(Key(0)); // the ring is full: slot 0 is recycled, and the id it held (removed) evicts nothing
        cache.Add(Key(3)); // evicts Key(1)

        Assert.False(cache.Contains(Key(1)));
        Assert.True(cache.Contains(Key(2)));
        Assert.True(cache.Contains(Key(0)));
        Assert.True(cache.Contains(Key(3)));
    }

    [Fact]
    public void A_capacity_of_zero_remembers_nothing()
    {
        var cache = new DecisionCache(0);
        cache.Add(Key(0));
        Assert.False(cache.Contains(Key(0)));
        Assert.Equal(0, cache.Count);
    }
}
