using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Orrery.Signals;

namespace Orrery.Pipeline.Exporters.Otlp;

/// <summary>
/// Payloads waiting to be sent, with retry and exponential backoff. With a directory every
/// payload is a synced file until the peer accepted it, so a restart or a long outage loses
/// nothing that was acknowledged; files found at start are sent first, oldest first.
/// </summary>
internal sealed class SendingQueue : IAsyncDisposable
{
    private const string Suffix = ".otlp";
    private readonly OtlpExporterSettings _settings;
    private readonly IOtlpSender _sender;
    private readonly TimeProvider _time;
    private readonly Channel<Item> _channel;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _consumers;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;
    private readonly KeyValuePair<string, object?> _exporter;
    private long _sequence;
    private Task _backlog = Task.CompletedTask;

    public SendingQueue(OtlpExporterSettings settings, IOtlpSender sender, TimeProvider time, Meter meter, string exporterId)
    {
        _settings = settings;
        _sender = sender;
        _time = time;
        _sent = meter.CreateCounter<long>("orrery_exporter_sent_batches", "batches", "Batches an exporter delivered to its peer.");
        _dropped = meter.CreateCounter<long>("orrery_exporter_dropped_batches", "batches", "Batches an exporter gave up on (refused for good, or retried past max_elapsed_time).");
        _exporter = new("exporter", exporterId);
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(settings.QueueSize) { FullMode = BoundedChannelFullMode.Wait });
        if (settings.Directory is { } directory)
        {
            Directory.CreateDirectory(directory);
            var leftovers = new List<Item>();
            foreach (var file in Directory.GetFiles(directory, "*" + Suffix).Order(StringComparer.Ordinal))
            {
                // Left by an earlier run. Every file counts for the sequence, also those that do
                // not fit the queue now, so a new file never takes the name of an unsent one.
                var name = Path.GetFileNameWithoutExtension(file);
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                if (dot < 0) continue;
                _sequence = Math.Max(_sequence, long.TryParse(name.AsSpan(0, dot), out var n) ? n : 0);
                leftovers.Add(new Item(null, file, name[(dot + 1)..]));
            }
            var fitted = 0;
            while (fitted < leftovers.Count && _channel.Writer.TryWrite(leftovers[fitted])) fitted++;
            // The rest wait for room behind the consumers rather than being forgotten until the next run.
            if (fitted < leftovers.Count) _backlog = Task.Run(() => FeedAsync(leftovers.Skip(fitted)));
        }
        _consumers = settings.QueueEnabled
            ? Enumerable.Range(0, settings.NumConsumers).Select(_ => Task.Run(ConsumeAsync)).ToArray()
            : [];
    }

    /// <summary>
    /// Queues the payload (durably, with a directory) and returns, or, with the queue disabled,
    /// sends it with retries before returning. Throws a retryable <see cref="ConsumerRejectedException"/>
    /// when the queue is full or, without a queue, when sending failed.
    /// </summary>
    public async Task EnqueueAsync(byte[] payload, string tenant, CancellationToken cancellationToken)
    {
        if (!_settings.QueueEnabled)
        {
            try
            {
                await SendWithRetryAsync(payload, tenant, cancellationToken).ConfigureAwait(false);
            }
            catch (OtlpSendException e)
            {
                throw new ConsumerRejectedException(e.Message, e.Retryable) { RetryAfter = e.RetryAfter };
            }
            return;
        }
        string? file = null;
        if (_settings.Directory is { } directory)
        {
            // <sequence>.<tenant>.otlp: tenant ids are safe file names (see Tenant), the sequence keeps send order.
            file = Path.Combine(directory, Interlocked.Increment(ref _sequence).ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + "." + tenant + Suffix);
            await WriteDurablyAsync(file, payload, cancellationToken).ConfigureAwait(false);
        }
        if (_channel.Writer.TryWrite(new Item(file is null ? payload : null, file, tenant))) return;
        if (file is not null) File.Delete(file);
        throw new ConsumerRejectedException("exporter queue is full, retry later", retryable: true) { RetryAfter = _settings.InitialInterval };
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        // Queued files survive for the next run; memory items not yet sent are lost, as documented.
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll([.. _consumers, _backlog]).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stopping.Dispose();
    }

    private async Task FeedAsync(IEnumerable<Item> items)
    {
        try
        {
            foreach (var item in items) await _channel.Writer.WriteAsync(item, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // Stopping: the files stay on disk for the next run.
        }
    }

    private async Task ConsumeAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var item in _channel.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                byte[] payload;
                try
                {
                    payload = item.Payload ?? await File.ReadAllBytesAsync(item.File!, token).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    _dropped.Add(1, _exporter);
                    continue;
                }
                try
                {
                    await SendWithRetryAsync(payload, item.Tenant, token).ConfigureAwait(false);
                }
                catch (OtlpSendException)
                {
                    // Counted in SendWithRetryAsync; fall through to forget the item.
                }
                if (item.File is not null) File.Delete(item.File);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task SendWithRetryAsync(byte[] payload, string tenant, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var backoff = _settings.InitialInterval;
        while (true)
        {
            try
            {
                await _sender.SendAsync(payload, tenant, cancellationToken).ConfigureAwait(false);
                _sent.Add(1, _exporter);
                return;
            }
            catch (OtlpSendException e) when (e.Retryable && _settings.RetryEnabled)
            {
                var delay = e.RetryAfter ?? backoff;
                if (_settings.MaxElapsedTime > TimeSpan.Zero && _time.GetElapsedTime(started) + delay > _settings.MaxElapsedTime)
                {
                    _dropped.Add(1, _exporter);
                    throw;
                }
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _settings.MaxInterval.Ticks));
            }
            catch (OtlpSendException)
            {
                _dropped.Add(1, _exporter);
                throw;
            }
        }
    }

    private static async Task WriteDurablyAsync(string file, byte[] payload, CancellationToken cancellationToken)
    {
        var temporary = file + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, file);
    }

    private sealed record Item(byte[]? Payload, string? File, string Tenant);
}
