-- The OpenTelemetry Collector ClickHouse exporter's tables (otel_traces, otel_traces_trace_id_ts
-- and its materialized view, otel_logs), adapted to ClickHouse 18.16 (the Debian 12 package):
--   * no DateTime64 (arrived in 20.1): Timestamp is UInt64 nanoseconds since the epoch, and a
--     MATERIALIZED TimestampTime DateTime serves partitioning and ORDER BY as toDateTime(Timestamp) does,
--   * no Map (21.x): each Map(LowCardinality(String), String) is a Nested(Key, Value) pair of
--     parallel arrays; Events/Links attributes (a Map inside Nested) are Array(Array(String)) pairs,
--   * no column codecs (Delta/DoubleDelta/ZSTD arrived in 19.x): the server default, LZ4,
--   * no data skipping indexes (bloom_filter, tokenbf_v1, minmax arrived in 19.x): none, so the
--     exporter's trace-id bloom filter and Body token filter are missing — lookups scan the column,
--   * LowCardinality exists but is experimental (allow_experimental_low_cardinality_type=1): used
--     where the exporter uses it (not inside the Nested arrays),
--   * MergeTree with the exporter's PARTITION BY and ORDER BY (ttl_only_drop_parts does not exist).
-- Attribute values are strings, as the exporter writes them (an int 500 is '500').
CREATE TABLE otel_traces (
    Timestamp UInt64,
    TimestampTime DateTime MATERIALIZED toDateTime(intDiv(Timestamp, 1000000000)),
    TraceId String,
    SpanId String,
    ParentSpanId String,
    TraceState String,
    SpanName LowCardinality(String),
    SpanKind LowCardinality(String),
    ServiceName LowCardinality(String),
    ResourceAttributes Nested(Key String, Value String),
    ScopeName String,
    ScopeVersion String,
    SpanAttributes Nested(Key String, Value String),
    Duration UInt64,
    StatusCode LowCardinality(String),
    StatusMessage String,
    Events Nested(Timestamp UInt64, Name String, AttributeKeys Array(String), AttributeValues Array(String)),
    Links Nested(TraceId String, SpanId String, TraceState String, AttributeKeys Array(String), AttributeValues Array(String))
) ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
ORDER BY (ServiceName, SpanName, TimestampTime)
SETTINGS index_granularity = 8192;

CREATE TABLE otel_traces_trace_id_ts (
    TraceId String,
    Start DateTime,
    End DateTime
) ENGINE = MergeTree
PARTITION BY toDate(Start)
ORDER BY (TraceId, Start)
SETTINGS index_granularity = 8192;

CREATE MATERIALIZED VIEW otel_traces_trace_id_ts_mv TO otel_traces_trace_id_ts AS
SELECT TraceId, toDateTime(intDiv(min(Timestamp), 1000000000)) AS Start, toDateTime(intDiv(max(Timestamp), 1000000000)) AS End
FROM otel_traces
WHERE TraceId != ''
GROUP BY TraceId;

CREATE TABLE otel_logs (
    Timestamp UInt64,
    TimestampTime DateTime MATERIALIZED toDateTime(intDiv(Timestamp, 1000000000)),
    TraceId String,
    SpanId String,
    TraceFlags UInt8,
    SeverityText LowCardinality(String),
    SeverityNumber UInt8,
    ServiceName LowCardinality(String),
    Body String,
    ResourceSchemaUrl LowCardinality(String),
    ResourceAttributes Nested(Key String, Value String),
    ScopeSchemaUrl LowCardinality(String),
    ScopeName String,
    ScopeVersion LowCardinality(String),
    ScopeAttributes Nested(Key String, Value String),
    LogAttributes Nested(Key String, Value String)
) ENGINE = MergeTree
PARTITION BY toDate(TimestampTime)
PRIMARY KEY (ServiceName, TimestampTime)
ORDER BY (ServiceName, TimestampTime, Timestamp)
SETTINGS index_granularity = 8192;
