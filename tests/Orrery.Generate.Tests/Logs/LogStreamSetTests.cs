using System.Text.Json;
using Orrery.Generate.Logs;
using Orrery.Signals.Logs;

namespace Orrery.Generate.Tests.Logs;

public class LogStreamSetTests
{
    [Theory]
    [InlineData(0, 1, 10)]
    [InlineData(0, 3, 10)]
    [InlineData(2, 3, 10)]
    [InlineData(0, 1, 1)]
    public void Workers_share_the_streams_without_overlap(int worker, int workers, int streams)
    {
        var all = Enumerable.Range(0, workers).SelectMany(w => LogStreamSet.StreamsOf(w, workers, streams)).ToList();

        Assert.Equal(Enumerable.Range(0, streams), all.Order());
        Assert.NotEmpty(LogStreamSet.StreamsOf(worker, workers, streams));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    [InlineData(4_000)]
    public void A_push_request_holds_every_line_in_time_order_per_stream_with_trace_ids_on_some(int lineSize)
    {
        var set = new LogStreamSet([0, 1, 2, 3], lineSize, seed: 5);
        var batch = new LogBatch();
        set.Fill(batch, 400, nowNs: 1_700_000_000_000_000_000);

        using var json = JsonDocument.Parse(new LokiPushJsonWriter().Write(batch));

        var streams = json.RootElement.GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(4, streams.Count);
        var values = streams.SelectMany(s => s.GetProperty("values").EnumerateArray()).ToList();
        Assert.Equal(400, values.Count);
        foreach (var stream in streams)
        {
            var times = stream.GetProperty("values").EnumerateArray().Select(v => long.Parse(v[0].GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(times.Distinct().Order(), times);
            Assert.Equal("orrery-gen", stream.GetProperty("stream").GetProperty("deployment_environment").GetString());
        }
        var withTrace = values.Count(v => v.GetArrayLength() == 3 && v[2].TryGetProperty("trace_id", out var id) && id.GetString()!.Length == 32);
        Assert.InRange(withTrace, 120, 280);
        var lines = values.Select(v => v[1].GetString()!).ToList();
        Assert.Contains(lines, l => l.StartsWith('{'));
        Assert.Contains(lines, l => l.StartsWith("level=", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches("user\\W+[a-z]{8}\\b", l));
        if (lineSize > 0) Assert.All(lines, l => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(l), lineSize - 16, lineSize + 300));
    }
}
