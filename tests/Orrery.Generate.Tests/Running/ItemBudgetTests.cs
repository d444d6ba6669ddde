using Orrery.Generate.Running;

namespace Orrery.Generate.Tests.Running;

public class ItemBudgetTests
{
    [Theory]
    [InlineData(10L, 4, new[] { 4, 4, 2, 0 })]
    [InlineData(3L, 5, new[] { 3, 0 })]
    public void A_budget_hands_out_batches_until_the_count_is_spent(long total, int batch, int[] expected)
    {
        var budget = new ItemBudget(total);

        var taken = expected.Select(_ => budget.Take(batch)).ToArray();

        Assert.Equal(expected, taken);
    }

    [Theory]
    [InlineData(120L, new long[] { 30, 30 }, new long[] { 60, 60 })]
    [InlineData(300L, new long[] { 4, 3, 3 }, new long[] { 120, 90, 90 })]
    [InlineData(10L, new long[] { 1, 1, 1 }, new long[] { 4, 3, 3 })] // the odd item to the first of equal remainders
    [InlineData(10L, new long[] { 1, 2 }, new long[] { 3, 7 })] // 3.33 and 6.67: the larger remainder gets it
    [InlineData(2L, new long[] { 1, 1, 1, 1 }, new long[] { 1, 1, 0, 0 })]
    public void A_count_is_split_in_proportion_to_the_weights_and_adds_up_exactly(long total, long[] weights, long[] expected)
    {
        var budgets = ItemBudget.Split(total, weights);

        Assert.Equal(expected, budgets.Select(Drain));
    }

    [Fact]
    public void Without_a_count_every_share_is_unbounded()
    {
        var budgets = ItemBudget.Split(null, [1, 5]);

        Assert.All(budgets, b => Assert.Equal(1_000, Enumerable.Range(0, 1_000).Sum(_ => b.Take(1))));
    }

    [Fact]
    public void A_weight_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemBudget.Split(10, [1, 0]));
    }

    private static long Drain(ItemBudget budget)
    {
        long sum = 0;
        for (int n; (n = budget.Take(7)) > 0;) sum += n;
        return sum;
    }
}
