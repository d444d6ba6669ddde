using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public class MetricRecordPoolTests
{
    /// <summary>A record that defined <paramref name="series"/> series with a long label each.</summary>
    private static MetricBatchRecord RecordDefining(int series)
    {
        var bytes = new ByteArena();
        var name = bytes.Append("__name__");
        var value = bytes.Append(new string('v', 100));
        var record = new MetricBatchRecord();
        record.Begin(Tenant.Default);
        record.BeginSection();
        for (var i = 0; i < series; i++) record.WriteSeries(i + 1, bytes, [new LabelRow { Name = name, Value = value }]);
        record.EndSection();
        return record;
    }

    [Fact]
    public void A_record_grown_by_many_definitions_is_not_kept_and_a_steady_one_is()
    {
        var pool = new MetricRecordPool(capacity: 8, maxBytes: 64 << 10);
        var steady = RecordDefining(10);
        var burst = RecordDefining(2_000);
        Assert.True(burst.Capacity > 64 << 10, "the burst record must outgrow the limit for the test to mean anything");

        pool.Return(burst);
        pool.Return(steady);

        Assert.Equal(1, pool.Count);
        Assert.True(pool.TryRent(out var reused));
        Assert.Same(steady, reused);
    }
}
