namespace Orrery.Receive.Tests.Scrape;

/// <summary>Exposition bodies shaped like what real exporters answer.</summary>
public static class ExpositionSamples
{
    public const string NodeExporter = """
        # HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
        # TYPE go_gc_duration_seconds summary
        go_gc_duration_seconds{quantile="0"} 2.4864e-05
        go_gc_duration_seconds{quantile="0.25"} 3.4572e-05
        go_gc_duration_seconds{quantile="0.5"} 4.1006e-05
        go_gc_duration_seconds{quantile="1"} 0.000340451
        go_gc_duration_seconds_sum 0.041378374
        go_gc_duration_seconds_count 892
        # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
        # TYPE node_cpu_seconds_total counter
        node_cpu_seconds_total{cpu="0",mode="idle"} 1.33421451e+06
        node_cpu_seconds_total{cpu="0",mode="iowait"} 1212.87
        node_cpu_seconds_total{cpu="1",mode="idle"} 1.33442022e+06
        # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
        # TYPE node_filesystem_avail_bytes gauge
        node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 2.0957474816e+10
        # HELP node_load1 1m load average.
        # TYPE node_load1 gauge
        node_load1 0.42
        # HELP node_scrape_collector_success node_exporter: Whether a collector succeeded.
        # TYPE node_scrape_collector_success gauge
        node_scrape_collector_success{collector="arp"} 1
        # This is a free-form comment, skipped.
        node_textfile_scrape_error 0

        """;

    public const string Histogram = """
        # HELP http_request_duration_seconds A histogram of the request duration.
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="0.1"} 33444
        http_request_duration_seconds_bucket{le="0.2"} 100392
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        http_request_duration_seconds_count 144320

        """;

    public const string OpenMetrics = """
        # TYPE acme_http_router_request_seconds histogram
        # UNIT acme_http_router_request_seconds seconds
        # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
        acme_http_router_request_seconds_bucket{path="/api/v1",method="GET",le="0.1"} 5 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736"} 0.067 1690000000.123
        acme_http_router_request_seconds_bucket{path="/api/v1",method="GET",le="+Inf"} 8
        acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
        acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 8
        acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
        # TYPE foo counter
        # HELP foo Things that happened.
        foo_total 17.0 1520879607.789 # {id="counter-test"} 5
        foo_created 1520872607.123
        # TYPE build info
        build_info{version="1.2.3"} 1
        # TYPE feature stateset
        feature{feature="a"} 1
        feature{feature="b"} 0
        # TYPE queue_wait gaugehistogram
        queue_wait_bucket{le="1"} 3
        queue_wait_bucket{le="+Inf"} 4
        queue_wait_gcount 4
        queue_wait_gsum 2.5
        # EOF

        """;
}
