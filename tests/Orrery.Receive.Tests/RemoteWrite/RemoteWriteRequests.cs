using Google.Protobuf;
using Prometheus.Prompb;

namespace Orrery.Receive.Tests.RemoteWrite;

/// <summary>Remote write requests built with the Google.Protobuf types (the oracle), snappy-compressed.</summary>
internal static class RemoteWriteRequests
{
    public static TimeSeries Series(params (string Name, string Value)[] labels)
    {
        var series = new TimeSeries();
        foreach (var (name, value) in labels) series.Labels.Add(new Label { Name = name, Value = value });
        return series;
    }

    public static TimeSeries WithSamples(this TimeSeries series, params (long Ms, double Value)[] samples)
    {
        foreach (var (ms, value) in samples) series.Samples.Add(new Sample { Timestamp = ms, Value = value });
        return series;
    }

    public static WriteRequest Request(params TimeSeries[] series)
    {
        var request = new WriteRequest();
        request.Timeseries.AddRange(series);
        return request;
    }

    public static byte[] Compress(this WriteRequest request) => IronSnappy.Snappy.Encode(request.ToByteArray());
}
