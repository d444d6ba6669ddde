using System.Text;

namespace Orrery.LoadGen;

/// <summary>
/// A fixed set of series shaped like a scrape of many exporters: each target (job, instance)
/// exposes 50 metric names × 10 values of a per-metric label, plus <c>region</c> and <c>env</c>.
/// Labels are protobuf-encoded once (sorted by name, as remote write requires); only sample
/// values change between rounds. Counters (names ending in <c>_total</c>, <c>_count</c>, <c>_sum</c>)
/// grow by small random integers, gauges take a random walk at two decimals, and the metrics
/// ending in <c>_bucket</c> are classic histograms: their 10 series are the cumulative buckets
/// (<c>le</c> 0.005 … +Inf) of one histogram, fed the same observations. Every series of a target
/// shares the scrape's timestamp, which is jittered per scrape by up to ±<c>jitterMs</c>.
/// </summary>
internal sealed class SyntheticSeries
{
    private const int VariantsPerMetric = 10;
    private static readonly string[] Jobs = ["node", "api", "checkout", "payments", "search", "kube-state", "ingress", "postgres", "redis", "kafka"];
    private static readonly string[] Regions = ["eu-west-1", "eu-central-1", "us-east-1", "ap-south-1"];
    private static readonly (string Name, string VariantLabel)[] Metrics =
    [
        ("http_requests_total", "code"), ("http_request_errors_total", "handler"), ("http_request_duration_seconds_sum", "handler"),
        ("http_request_duration_seconds_count", "handler"), ("http_response_size_bytes_sum", "handler"), ("grpc_server_handled_total", "grpc_method"),
        ("grpc_server_started_total", "grpc_method"), ("process_cpu_seconds_total", "thread"), ("node_cpu_seconds_total", "cpu"),
        ("node_network_receive_bytes_total", "device"), ("node_network_transmit_bytes_total", "device"), ("node_disk_read_bytes_total", "device"),
        ("node_disk_written_bytes_total", "device"), ("node_disk_io_time_seconds_total", "device"), ("node_context_switches_total", "cpu"),
        ("http_server_duration_seconds_bucket", "le"), ("go_gc_duration_seconds_count", "quantile"), ("go_memstats_alloc_bytes_total", "generation"),
        ("kafka_consumer_records_consumed_total", "topic"), ("kafka_producer_record_send_total", "topic"), ("db_queries_total", "operation"),
        ("db_query_errors_total", "operation"), ("cache_hits_total", "cache"), ("cache_misses_total", "cache"), ("jobs_processed_total", "queue"),
        ("node_memory_MemAvailable_bytes", "numa"), ("node_memory_Cached_bytes", "numa"), ("node_filesystem_avail_bytes", "mountpoint"),
        ("node_filesystem_size_bytes", "mountpoint"), ("node_load1", "cpu"), ("grpc_server_handling_seconds_bucket", "le"), ("db_query_duration_seconds_bucket", "le"),
        ("process_resident_memory_bytes", "component"), ("process_open_fds", "component"), ("go_goroutines", "component"),
        ("go_memstats_heap_inuse_bytes", "component"), ("http_response_size_bytes_bucket", "le"), ("grpc_server_inflight", "grpc_method"),
        ("db_connections_open", "pool"), ("db_connections_idle", "pool"), ("cache_size_bytes", "cache"), ("queue_length", "queue"),
        ("kafka_consumer_lag", "topic"), ("node_hwmon_temp_celsius", "sensor"), ("node_thermal_zone_temp", "zone"),
        ("up_ratio", "probe"), ("probe_duration_seconds", "probe"), ("node_entropy_available_bits", "source"),
        ("container_memory_working_set_bytes", "container"), ("container_cpu_usage_ratio", "container"),
    ];

    private static readonly string[] BucketBounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];

    private readonly byte[] _labels;
    private readonly int[] _labelOffsets;
    private readonly bool[] _counter;
    private readonly bool[] _bucket;
    private readonly int[] _targetOffsetMs;
    private readonly int _jitterMs;
    private readonly int _seed;

    public SyntheticSeries(int count, int seed, int jitterMs = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(jitterMs);
        Count = count;
        _jitterMs = jitterMs;
        _seed = seed;
        _bucket = new bool[count];
        var random = new Random(seed);
        _counter = new bool[count];
        _labelOffsets = new int[count + 1];
        Values = new double[count];
        var perTarget = Metrics.Length * VariantsPerMetric;
        _targetOffsetMs = new int[(count + perTarget - 1) / perTarget];
        for (var t = 0; t < _targetOffsetMs.Length; t++) _targetOffsetMs[t] = random.Next(15_000);

        using var labels = new MemoryStream(count * 128);
        var pairs = new List<KeyValuePair<string, string>>(6);
        for (var i = 0; i < count; i++)
        {
            var target = i / perTarget;
            var (name, variantLabel) = Metrics[i / VariantsPerMetric % Metrics.Length];
            pairs.Clear();
            pairs.Add(new("__name__", name));
            pairs.Add(new("job", Jobs[target % Jobs.Length]));
            pairs.Add(new("instance", $"10.{target >> 16 & 255}.{target >> 8 & 255}.{target & 255}:9100"));
            pairs.Add(new("region", Regions[target / Jobs.Length % Regions.Length]));
            pairs.Add(new("env", target % 5 == 0 ? "staging" : "prod"));
            _bucket[i] = name.EndsWith("_bucket", StringComparison.Ordinal);
            pairs.Add(new(variantLabel, _bucket[i] ? BucketBounds[i % VariantsPerMetric] : $"{variantLabel}-{i % VariantsPerMetric}"));
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var (key, value) in pairs) WriteLabel(labels, key, value);
            _labelOffsets[i + 1] = (int)labels.Length;
            MaxEncodedLabels = Math.Max(MaxEncodedLabels, _labelOffsets[i + 1] - _labelOffsets[i]);
            _counter[i] = name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal);
            Values[i] = _bucket[i] ? 0 : _counter[i] ? random.Next(1_000) : Math.Round(random.NextDouble() * 100, 2);
        }
        _labels = labels.ToArray();
    }

    public int Count { get; }

    /// <summary>Current value of every series; round 0 sends the initial values.</summary>
    public double[] Values { get; }

    /// <summary>The encoded <c>Label</c> fields (tag included) of one series.</summary>
    public ReadOnlySpan<byte> EncodedLabels(int series) => _labels.AsSpan(_labelOffsets[series], _labelOffsets[series + 1] - _labelOffsets[series]);

    /// <summary>The longest <see cref="EncodedLabels"/>, for sizing request buffers.</summary>
    public int MaxEncodedLabels { get; }

    /// <summary>
    /// Scrapes of one target share a timestamp, offset within the 15 s interval like real targets,
    /// and jittered per scrape (a hash of seed, target and round: the same whichever connection asks).
    /// </summary>
    public long TimestampMs(int series, long roundStartMs)
    {
        var target = series / (Metrics.Length * VariantsPerMetric);
        return roundStartMs + _targetOffsetMs[target] + Jitter(target, roundStartMs);
    }

    /// <summary>
    /// Moves a series on by one scrape. A histogram's buckets move together when its first bucket
    /// is advanced (so a request must hold whole histograms: batch sizes are multiples of 10).
    /// </summary>
    public void Advance(int series, Random random)
    {
        if (_bucket[series])
        {
            if (series % VariantsPerMetric != 0) return;
            var cumulative = 0;
            for (var b = 0; b < VariantsPerMetric && series + b < Count; b++)
            {
                cumulative += random.Next(0, b < 5 ? 6 : 3);
                Values[series + b] += cumulative;
            }
            return;
        }
        ref var v = ref Values[series];
        v = _counter[series] ? v + random.Next(0, 10) : Math.Round(v + (random.NextDouble() - 0.5) * 2, 2);
    }

    private int Jitter(int target, long roundStartMs)
    {
        if (_jitterMs == 0) return 0;
        var h = (ulong)roundStartMs * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)target * 0xC2B2AE3D27D4EB4FUL ^ (ulong)(uint)_seed;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return (int)(h % (ulong)(2 * _jitterMs + 1)) - _jitterMs;
    }

    private static void WriteLabel(MemoryStream stream, string name, string value)
    {
        // Label { string name = 1; string value = 2; } inside TimeSeries.labels = 1.
        var n = Encoding.UTF8.GetBytes(name);
        var v = Encoding.UTF8.GetBytes(value);
        var inner = 1 + ProtoWire.VarintLength((ulong)n.Length) + n.Length + 1 + ProtoWire.VarintLength((ulong)v.Length) + v.Length;
        Span<byte> head = stackalloc byte[16];
        stream.WriteByte(0x0A);
        stream.Write(head[..ProtoWire.WriteVarint(head, (ulong)inner)]);
        stream.WriteByte(0x0A);
        stream.Write(head[..ProtoWire.WriteVarint(head, (ulong)n.Length)]);
        stream.Write(n);
        stream.WriteByte(0x12);
        stream.Write(head[..ProtoWire.WriteVarint(head, (ulong)v.Length)]);
        stream.Write(v);
    }
}
