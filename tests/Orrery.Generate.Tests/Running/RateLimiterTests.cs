using Orrery.Generate.Running;

namespace Orrery.Generate.Tests.Running;

public class RateLimiterTests
{
    [Fact]
    public void Reservations_take_consecutive_slots_on_one_schedule()
    {
        var limiter = new RateLimiter(1_000);

        var first = limiter.Reserve(100, nowSeconds: 0);
        var second = limiter.Reserve(100, nowSeconds: 0);
        var third = limiter.Reserve(50, nowSeconds: 0.05);

        Assert.Equal(0, first.TotalMilliseconds, precision: 3);
        Assert.Equal(100, second.TotalMilliseconds, precision: 3);
        Assert.Equal(150, third.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void A_schedule_that_fell_behind_restarts_from_now_instead_of_bursting()
    {
        var limiter = new RateLimiter(100);
        limiter.Reserve(10, nowSeconds: 0);

        var late = limiter.Reserve(10, nowSeconds: 5);
        var next = limiter.Reserve(10, nowSeconds: 5);

        Assert.Equal(0, late.TotalMilliseconds, precision: 3);
        Assert.Equal(100, next.TotalMilliseconds, precision: 3);
    }
}
