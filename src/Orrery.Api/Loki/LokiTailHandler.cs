using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orrery.Query.LogQL.Engine;
using Orrery.Query.LogQL.Syntax;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary>
/// <c>/loki/api/v1/tail</c> over a WebSocket: sends the lines since <c>start</c>, then polls the
/// reader for newer lines only (older than <c>delay_for</c> seconds, so late writers are not
/// missed within that delay; a <see cref="TailCursor"/> per stream keeps each line sent once)
/// and sends each batch as Loki's tail message.
/// </summary>
public sealed class LokiTailHandler(LogQLEngine engine, TimeProvider clock, TimeSpan pollInterval)
{
    private const long Second = 1_000_000_000;
    // Loki caps delay_for at 5 seconds.
    private const int MaxDelaySeconds = 5;

    public async Task HandleAsync(HttpContext context, string tenant)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = await LokiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var error = Validate(parameters, out var query, out var delayNs, out var limit, out var start);
        if (error is null && !context.WebSockets.IsWebSocketRequest) error = "tail needs a WebSocket connection";
        if (error is not null)
        {
            await LokiResultWriter.WriteAsync(context, new LokiError(StatusCodes.Status400BadRequest, error)).ConfigureAwait(false);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var receive = WatchForCloseAsync(socket, closed);
        try
        {
            await StreamAsync(socket, tenant, query!, delayNs, limit, start, closed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
        catch (Exception e) when (e is LogQLException or WebSocketException)
        {
            if (socket.State == WebSocketState.Open)
                await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, Truncate(e.Message), CancellationToken.None).ConfigureAwait(false);
        }
        await closed.CancelAsync().ConfigureAwait(false);
        await receive.ConfigureAwait(false);
    }

    private static string? Validate(LokiParameters parameters, out string? query, out long delayNs, out int limit, out long? start)
    {
        delayNs = 0;
        limit = 100;
        start = null;
        query = parameters.Get("query");
        if (query is null) return "query must not be empty";
        try
        {
            if (LogQLParser.Parse(query) is not LogSelectorExpr) return "tail only takes log queries, not metric queries";
        }
        catch (LogQLParseException e)
        {
            return e.Message;
        }
        var delay = parameters.Get("delay_for");
        if (delay is not null)
        {
            if (!int.TryParse(delay, out var seconds) || seconds < 0 || seconds > MaxDelaySeconds) return $"delay_for can't be greater than {MaxDelaySeconds}";
            delayNs = seconds * Second;
        }
        if (!parameters.TryGetLimit(100, out limit, out var error)) return error;
        if (parameters.Get("start") is not null)
        {
            if (!parameters.TryGetTime("start", 0, out var s, out error)) return error;
            start = s;
        }
        return null;
    }

    private async Task StreamAsync(WebSocket socket, string tenant, string query, long delayNs, int limit, long? start, CancellationToken cancellationToken)
    {
        var cursor = new TailCursor(start ?? NowNs() - (3600 * Second));
        // Each poll reads from the previous poll's end (or the newest line sent, when older), less
        // a margin for lines that arrive a little late; the cursor drops what was already sent, per stream.
        var lateness = Math.Max(delayNs, Second);
        var from = cursor.StartNs;
        while (!cancellationToken.IsCancellationRequested)
        {
            var to = NowNs() - delayNs;
            if (to >= from)
            {
                var result = (StreamsResult)engine.Execute(tenant, new LogQLRequest(query, from, to + 1, Second, LogDirection.Forward, engine.Limits.MaxEntries), cancellationToken);
                var fresh = result.Entries.Where(cursor.IsNew).Take(limit).ToList();
                foreach (var entry in fresh) cursor.MarkSent(entry);
                if (fresh.Count > 0) await SendAsync(socket, new StreamsResult(fresh, result.Statistics), cancellationToken).ConfigureAwait(false);
                if (fresh.Count == limit || result.Entries.Count == engine.Limits.MaxEntries)
                {
                    // More may be waiting: read on from the newest line sent, without sleeping.
                    from = Math.Max(from, fresh.Count > 0 ? fresh[^1].TimestampNs : result.Entries[^1].TimestampNs);
                    continue;
                }
                // Never past the newest line sent: a line stamped between it and now may still come.
                from = Math.Max(cursor.StartNs, Math.Min(to + 1 - lateness, cursor.NewestSentNs));
            }
            await Task.Delay(pollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(WebSocket socket, StreamsResult batch, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, ApiJson.Options))
        {
            LokiResultWriter.WriteTailJson(json, batch);
        }
        await socket.SendAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WatchForCloseAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var message = await socket.ReceiveAsync(buffer, closed.Token).ConfigureAwait(false);
                if (message.MessageType == WebSocketMessageType.Close)
                {
                    await closed.CancelAsync().ConfigureAwait(false);
                    if (socket.State == WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            await closed.CancelAsync().ConfigureAwait(false);
        }
    }

    // A close reason is at most 123 bytes.
    private static string Truncate(string message) => message.Length > 120 ? message[..120] : message;

    private long NowNs() => (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
