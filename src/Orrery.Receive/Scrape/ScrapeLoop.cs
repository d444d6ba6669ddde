using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Exposition;
using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape;

/// <summary>
/// Scrapes one target every interval, at a fixed offset within the interval derived from the
/// target (so many targets spread over the interval instead of firing together), and hands each
/// scrape to the consumer as one batch: samples, stale markers, and the synthetic series.
/// </summary>
internal sealed partial class ScrapeLoop
{
    /// <summary>
    /// Largest response read. Prometheus's body_size_limit is unlimited by default; a bound keeps
    /// one runaway target from exhausting memory. A node_exporter on a large host answers ~1 MiB,
    /// so 64 MiB leaves room for big federation-style endpoints.
    /// </summary>
    internal const int MaxBodyBytes = 64 << 20;

    // A buffer grown past this for one big response is not kept between scrapes.
    private const int RetainedBufferBytes = 4 << 20;

    private readonly HttpClient _http;
    private readonly IMetricConsumer _consumer;
    private readonly string _tenant;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<ScrapeJobConfig> _settings;
    private readonly ScrapeCache _cache;
    private readonly MetricBatchPool _batches;
    private readonly CancellationTokenSource _stop = new();
    // The cache and buffer belong to one scrape at a time: the schedule's, or an on-demand one.
    private readonly SemaphoreSlim _scrapeLock = new(1, 1);
    private byte[] _buffer = new byte[64 * 1024];
    private TargetHealth _health = TargetHealth.NotScraped;
    private Task _run = Task.CompletedTask;

    public ScrapeLoop(ScrapeTarget target, Func<ScrapeJobConfig> settings, HttpClient http, IMetricConsumer consumer, string tenant, TimeProvider time, ILogger logger, MetricBatchPool batches)
    {
        _batches = batches;
        Target = target;
        _settings = settings;
        _http = http;
        _consumer = consumer;
        _tenant = tenant;
        _time = time;
        _logger = logger;
        _cache = new ScrapeCache(target.Labels);
    }

    public ScrapeTarget Target { get; }

    public TargetHealth Health => Volatile.Read(ref _health);

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Stops the loop after any scrape in flight. With <paramref name="endOfRun"/> (the target is
    /// gone), its series get stale markers so queries stop showing them at once.
    /// </summary>
    public async Task StopAsync(bool endOfRun)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _stop.Dispose();
        if (!endOfRun || Health.LastScrape == DateTimeOffset.MinValue) return;
        var batch = RentBatch();
        await _scrapeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _cache.AppendEndOfRun(_time.GetUtcNow().ToUnixTimeMilliseconds(), batch);
        }
        finally
        {
            _scrapeLock.Release();
        }
        if (batch.SampleCount == 0)
        {
            _batches.Return(batch);
            return;
        }
        try
        {
            var result = await _consumer.ConsumeAsync(_tenant, batch).ConfigureAwait(false);
            if (result.BatchReleased) _batches.Return(batch);
        }
        catch (Exception e) when (e is ConsumerRejectedException or ObjectDisposedException)
        {
            LogWriteFailed(_logger, Target.Url, e.Message);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var intervalMs = Math.Max(1, (long)Target.Interval.TotalMilliseconds);
        var offsetMs = (long)(StableHash(Target.Key) % (ulong)intervalMs);
        var next = NextSlot(_time.GetUtcNow().ToUnixTimeMilliseconds(), offsetMs, intervalMs);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var delay = next - _time.GetUtcNow().ToUnixTimeMilliseconds();
                if (delay > 0) await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken).ConfigureAwait(false);
                await ScrapeOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A bug must not end the loop silently: report it as the target's error and go on.
                LogScrapeBug(_logger, e, Target.Url);
                Volatile.Write(ref _health, _health with { Health = TargetHealth.Down, LastError = e.Message });
            }
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            next += intervalMs;
            // A scrape that overran its slot skips the missed ones instead of firing back to back.
            if (next <= now) next = NextSlot(now + 1, offsetMs, intervalMs);
        }
    }

    /// <summary>One scrape: fetch, parse, append, write. Never throws for a target's failure; that becomes <c>up</c> = 0.</summary>
    internal async Task ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        await _scrapeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ScrapeLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _scrapeLock.Release();
        }
    }

    private MetricBatch RentBatch() => _batches.TryRent(out var batch) ? batch : new MetricBatch();

    private async Task ScrapeLockedAsync(CancellationToken cancellationToken)
    {
        var start = _time.GetUtcNow();
        var startTicks = _time.GetTimestamp();
        var timestampMs = start.ToUnixTimeMilliseconds();
        var settings = _settings();
        var batch = RentBatch();
        string? error = null;
        ScrapeCounts counts = default;
        try
        {
            var (length, contentType) = await FetchAsync(cancellationToken).ConfigureAwait(false);
            counts = _cache.Append(_buffer.AsSpan(0, length), ExpositionFormats.FromContentType(contentType), timestampMs, settings, batch);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or ExpositionFormatException or ScrapeFailedException)
        {
            error = e is OperationCanceledException ? $"scrape timed out after {PromDuration.Format(Target.Timeout)}" : e.Message;
            batch.Clear();
            _cache.AppendFailure(timestampMs, batch);
            counts = default;
        }
        finally
        {
            if (_buffer.Length > RetainedBufferBytes) _buffer = new byte[64 * 1024];
        }
        var duration = _time.GetElapsedTime(startTicks);
        _cache.AppendReport(timestampMs, error is null, duration, counts, batch);
        try
        {
            var result = await _consumer.ConsumeAsync(_tenant, batch, cancellationToken).ConfigureAwait(false);
            if (result.ErrorMessage is not null) LogPartialWrite(_logger, Target.Url, result.RejectedSamples, result.ErrorMessage);
            // Refused whole (below), the batch is left to the GC: a stage may have kept it.
            if (result.BatchReleased) _batches.Return(batch);
        }
        catch (Exception e) when (e is ConsumerRejectedException or ObjectDisposedException)
        {
            LogWriteFailed(_logger, Target.Url, e.Message);
            error ??= "writing the scrape failed: " + e.Message;
        }
        if (error is not null) LogScrapeFailed(_logger, Target.Url, error);
        Volatile.Write(ref _health, new TargetHealth(error is null ? TargetHealth.Up : TargetHealth.Down, error ?? "", start, duration));
    }

    /// <summary>Reads the response into the reused buffer; the timeout covers headers and body.</summary>
    private async Task<(int Length, string? ContentType)> FetchAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Target.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, Target.Url);
        request.Headers.TryAddWithoutValidation("Accept", ExpositionFormats.AcceptHeader);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", Target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new ScrapeFailedException($"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
        var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var length = 0;
            while (true)
            {
                if (length == _buffer.Length)
                {
                    if (length >= MaxBodyBytes) throw new ScrapeFailedException($"body size limit exceeded ({MaxBodyBytes} bytes)");
                    Array.Resize(ref _buffer, Math.Min(MaxBodyBytes, _buffer.Length * 2));
                }
                var n = await stream.ReadAsync(_buffer.AsMemory(length), linked.Token).ConfigureAwait(false);
                if (n == 0) break;
                length += n;
            }
            return (length, response.Content.Headers.ContentType?.ToString());
        }
    }

    /// <summary>The smallest time at or after <paramref name="nowMs"/> that is <paramref name="offsetMs"/> into an interval.</summary>
    internal static long NextSlot(long nowMs, long offsetMs, long intervalMs)
    {
        var intoInterval = ((nowMs - offsetMs) % intervalMs + intervalMs) % intervalMs;
        return intoInterval == 0 ? nowMs : nowMs + (intervalMs - intoInterval);
    }

    /// <summary>FNV-1a: the offset must not change between runs, and string.GetHashCode does.</summary>
    private static ulong StableHash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "scrape of {Url} failed: {Error}")]
    private static partial void LogScrapeFailed(ILogger logger, Uri url, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "writing the scrape of {Url} failed: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, Uri url, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "scrape of {Url}: {Rejected} samples refused: {Error}")]
    private static partial void LogPartialWrite(ILogger logger, Uri url, int rejected, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "scrape loop of {Url} failed")]
    private static partial void LogScrapeBug(ILogger logger, Exception exception, Uri url);
}
