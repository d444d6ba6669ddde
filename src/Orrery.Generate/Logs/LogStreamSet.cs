using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Generate.Logs;

/// <summary>
/// One worker's share of the streams and the lines it writes to them: a mix of JSON (40%),
/// logfmt (40%) and plain text (20%) lines at debug/info/warn/error (10/70/15/5%), half of them
/// inside a span (trace and span ids as structured metadata, and in the line for JSON). Every
/// line names a user drawn from a Zipf vocabulary (<see cref="ZipfWords"/>), the rare words of
/// the mix. Streams
/// take lines in turn; a stream's timestamps only grow, as Loki requires.
/// </summary>
/// <remarks>
/// Stream labels are Loki's default OTLP index labels (<c>service_name</c>,
/// <c>service_instance_id</c>, <c>deployment_environment="orrery-gen"</c>), so the same streams
/// arrive through Loki push and through OTLP logs.
/// </remarks>
public sealed class LogStreamSet
{
    public const string Environment = "orrery-gen";

    private static readonly string[] Services = ["frontend", "catalog", "cart", "checkout", "payment", "inventory", "shipping", "recommendation"];
    private static readonly string[] Routes = ["/api/products/OLJCESPC7Z", "/api/products/66VCHSJNUP", "/api/cart", "/api/checkout", "/api/recommendations", "/health"];
    private static readonly string[] Messages = ["request completed", "cache miss", "order placed", "retrying upstream call", "connection pool exhausted", "payment declined"];
    // Filler words for --line-size: a bounded vocabulary, so padded lines compress as real ones do.
    private static readonly string[] Words = ["lorem", "upstream", "latency", "checkout", "replica", "shard", "quota", "session", "tenant", "region", "eu-west-1", "backoff", "deadline", "gateway"];

    private readonly int[] _streamIds;
    private readonly long[] _lastNs;
    private readonly int[] _rowInBatch;
    private readonly Random _random;
    private readonly int _lineSize;
    private readonly Utf8LineBuilder _line;
    private readonly TraceId[]? _traceIds;
    private int _next;

    /// <param name="streamIds">The global numbers of the streams this worker writes.</param>
    public LogStreamSet(int[] streamIds, int lineSize, int seed)
        : this(streamIds, lineSize, seed, null)
    {
    }

    /// <param name="streamIds">The global numbers of the streams this worker writes.</param>
    /// <param name="traceIds">Trace ids for the lines inside a span (drawn at random), e.g. those of
    /// traces sent before, so logs link to stored traces; null or empty draws new random ids.</param>
    public LogStreamSet(int[] streamIds, int lineSize, int seed, TraceId[]? traceIds)
    {
        ArgumentNullException.ThrowIfNull(streamIds);
        if (streamIds.Length == 0) throw new ArgumentException("a worker needs at least one stream", nameof(streamIds));
        _streamIds = streamIds;
        _lastNs = new long[streamIds.Length];
        _rowInBatch = new int[streamIds.Length];
        _random = new Random(seed);
        _lineSize = lineSize;
        _line = new Utf8LineBuilder(Math.Max(1024, lineSize + 512));
        _traceIds = traceIds is { Length: > 0 } ? traceIds : null;
    }

    /// <summary>Streams of worker <paramref name="worker"/> of <paramref name="workers"/> when there are <paramref name="streams"/> in all.</summary>
    public static int[] StreamsOf(int worker, int workers, int streams) =>
        [.. Enumerable.Range(0, streams).Where(s => s % workers == worker)];

    public void Fill(LogBatch batch, int lines, long nowNs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Array.Fill(_rowInBatch, -1);
        for (var i = 0; i < lines; i++)
        {
            var local = _next;
            _next = (_next + 1) % _streamIds.Length;
            var stream = _rowInBatch[local] >= 0 ? _rowInBatch[local] : _rowInBatch[local] = AddStream(batch, _streamIds[local]);
            var timestamp = _lastNs[local] = Math.Max(nowNs, _lastNs[local] + 1);
            AddRecord(batch, stream, Services[_streamIds[local] % Services.Length], timestamp);
        }
    }

    private static int AddStream(LogBatch batch, int id)
    {
        batch.BeginStream();
        batch.AddStreamLabel("service_name", Services[id % Services.Length]);
        batch.AddStreamLabel("service_instance_id", "gen-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        batch.AddStreamLabel("deployment_environment", Environment);
        return batch.EndStream(out _);
    }

    private void AddRecord(LogBatch batch, int stream, string service, long timestamp)
    {
        var roll = _random.Next(100);
        var (level, severity) = roll < 10 ? ("debug", (byte)5) : roll < 80 ? ("info", (byte)9) : roll < 95 ? ("warn", (byte)13) : ("error", (byte)17);
        var inSpan = _random.Next(2) == 0;
        var traceId = !inSpan ? default
            : _traceIds is { } ids ? ids[_random.Next(ids.Length)]
            : new TraceId((ulong)_random.NextInt64(1, long.MaxValue), (ulong)_random.NextInt64());
        var spanId = inSpan ? new SpanId((ulong)_random.NextInt64(1, long.MaxValue)) : default;
        Span<byte> traceHex = stackalloc byte[32];
        Span<byte> spanHex = stackalloc byte[16];
        if (inSpan)
        {
            Hex.WriteUtf8(traceId.High, traceHex[..16]);
            Hex.WriteUtf8(traceId.Low, traceHex[16..]);
            Hex.WriteUtf8(spanId.Value, spanHex);
        }

        _line.Clear();
        var route = Routes[_random.Next(Routes.Length)];
        var message = severity >= 17 ? Messages[4 + _random.Next(2)] : Messages[_random.Next(4)];
        var status = severity >= 17 ? 500 : 200;
        var durationMs = Math.Round(Math.Pow(10, 3 * _random.NextDouble()), 2);
        Span<byte> user = stackalloc byte[ZipfWords.Length];
        ZipfWords.Write(ZipfWords.Draw(_random), user);
        var format = _random.Next(10);
        if (format < 4)
        {
            _line.Append("{\"level\":\"").Append(level).Append("\",\"service\":\"").Append(service)
                .Append("\",\"msg\":\"").Append(message).Append("\",\"http.route\":\"").Append(route)
                .Append("\",\"user\":\""u8).Append(user).Append("\",\"status\":").Append(status).Append(",\"duration_ms\":").Append(durationMs, "0.##");
            if (inSpan) _line.Append(",\"trace_id\":\"").Append(traceHex).Append("\""u8);
            Pad(json: true);
            _line.Append("}"u8);
        }
        else if (format < 8)
        {
            _line.Append("level=").Append(level).Append(" msg=\"").Append(message).Append("\" route=").Append(route)
                .Append(" user="u8).Append(user).Append(" status=").Append(status).Append(" duration=").Append(durationMs, "0.##").Append("ms"u8);
            Pad(json: false);
        }
        else
        {
            _line.Append(level.ToUpperInvariant()).Append(" "u8).Append(route).Append(" "u8).Append(status).Append(" "u8)
                .Append(durationMs, "0.##").Append("ms "u8).Append(message).Append(" user="u8).Append(user);
            if (severity >= 17) _line.Append(" System.TimeoutException: The operation has timed out.\n   at Shop.Upstream.CallAsync()"u8);
            Pad(json: false);
        }

        var metadataStart = batch.Metadata.Count;
        if (inSpan)
        {
            batch.AddMetadata("trace_id"u8, traceHex);
            batch.AddMetadata("span_id"u8, spanHex);
        }
        batch.Records.Add(new LogRecordRow
        {
            Stream = stream,
            TimestampNs = timestamp,
            Line = batch.Bytes.Append(_line.Written),
            Metadata = new RowRange(metadataStart, batch.Metadata.Count - metadataStart),
            TraceId = traceId,
            SpanId = spanId,
            SeverityNumber = severity,
        });
    }

    private void Pad(bool json)
    {
        if (_line.Length + 12 >= _lineSize) return;
        _line.Append(json ? ",\"detail\":\""u8 : " detail=\""u8);
        while (_line.Length < _lineSize - 2) _line.Append(Words[_random.Next(Words.Length)]).Append(" "u8);
        _line.Append("\""u8);
    }
}
