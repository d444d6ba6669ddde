namespace Orrery.Receive.RemoteWrite;

/// <summary>
/// Field numbers of Prometheus remote write 1.0 (prometheus/prompb: remote.proto, types.proto).
/// </summary>
public static class RemoteWriteFieldNumbers
{
    /// <summary>Field 2 is reserved.</summary>
    public static class WriteRequest
    {
        public const int Timeseries = 1;
        public const int Metadata = 3;
    }

    public static class TimeSeries
    {
        public const int Labels = 1;
        public const int Samples = 2;
        public const int Exemplars = 3;
        public const int Histograms = 4;
    }

    public static class Label
    {
        public const int Name = 1;
        public const int Value = 2;
    }

    public static class Sample
    {
        public const int Value = 1;
        public const int Timestamp = 2;
    }

    public static class Exemplar
    {
        public const int Labels = 1;
        public const int Value = 2;
        public const int Timestamp = 3;
    }

    /// <summary>The <c>count</c> and <c>zero_count</c> oneofs hold an integer or a float.</summary>
    public static class Histogram
    {
        public const int CountInt = 1;
        public const int CountFloat = 2;
        public const int Sum = 3;
        public const int Schema = 4;
        public const int ZeroThreshold = 5;
        public const int ZeroCountInt = 6;
        public const int ZeroCountFloat = 7;
        public const int NegativeSpans = 8;
        public const int NegativeDeltas = 9;
        public const int NegativeCounts = 10;
        public const int PositiveSpans = 11;
        public const int PositiveDeltas = 12;
        public const int PositiveCounts = 13;
        public const int ResetHint = 14;
        public const int Timestamp = 15;
        public const int CustomValues = 16;
    }

    public static class BucketSpan
    {
        public const int Offset = 1;
        public const int Length = 2;
    }

    /// <summary>Field 3 is unused upstream.</summary>
    public static class MetricMetadata
    {
        public const int Type = 1;
        public const int MetricFamilyName = 2;
        public const int Help = 4;
        public const int Unit = 5;
    }
}
