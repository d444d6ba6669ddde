using System.Net.Http.Headers;
using Google.Protobuf;
using Prometheus.Prompb;

namespace Orrery.EndToEnd.Tests.PromQL;

/// <summary>
/// Sends a data set with remote write 1.0 (snappy-compressed protobuf) as Prometheus's own
/// remote-write client would: every request holds all series' samples of one time window, and
/// windows go in time order, so each series is appended in order and nothing falls outside a
/// head's append window (Prometheus 2.42 refuses samples older than its newest minus 1 h).
/// </summary>
internal static class RemoteWriter
{
    private const long WindowMs = 10 * 60 * 1000;

    public static async Task WriteAsync(HttpClient client, Uri endpoint, IReadOnlyList<DataSeries> data)
    {
        var first = data.Min(s => s.Samples.Count == 0 ? long.MaxValue : s.Samples[0].TimestampMs);
        var last = data.Max(s => s.Samples.Count == 0 ? long.MinValue : s.Samples[^1].TimestampMs);
        var cursors = new int[data.Count];
        for (var windowStart = first; windowStart <= last; windowStart += WindowMs)
        {
            var request = new WriteRequest();
            for (var i = 0; i < data.Count; i++)
            {
                var samples = data[i].Samples;
                TimeSeries? series = null;
                while (cursors[i] < samples.Count && samples[cursors[i]].TimestampMs < windowStart + WindowMs)
                {
                    series ??= NewSeries(data[i]);
                    var (t, v) = samples[cursors[i]++];
                    series.Samples.Add(new Sample { Timestamp = t, Value = v });
                }
                if (series is not null) request.Timeseries.Add(series);
            }
            if (request.Timeseries.Count > 0) await SendAsync(client, endpoint, request);
        }
    }

    private static TimeSeries NewSeries(DataSeries data)
    {
        var series = new TimeSeries();
        foreach (var label in data.Labels.AsSpan()) series.Labels.Add(new Label { Name = label.Name, Value = label.Value });
        return series;
    }

    private static async Task SendAsync(HttpClient client, Uri endpoint, WriteRequest request)
    {
        using var content = new ByteArrayContent(IronSnappy.Snappy.Encode(request.ToByteArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"remote write to {endpoint}: {(int)response.StatusCode} {body}");
    }
}
