using System.Net;
using System.Net.Http.Headers;

namespace Orrery.Generate.Transport;

/// <summary>What an HTTP status means for a sender: which answers to retry and how long to wait.</summary>
internal static class HttpAnswers
{
    /// <summary>
    /// 429 and 502–504 are retryable, as the OTLP/HTTP specification and Prometheus's queue
    /// manager treat them; every other 4xx/5xx refuses the request for good.
    /// </summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        var retryAfter = headers.RetryAfter;
        if (retryAfter is null) return null;
        if (retryAfter.Delta is { } delta) return delta;
        if (retryAfter.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    /// <summary>The answer for a non-success status, with the start of the body as the message.</summary>
    public static async Task<SendOutcome> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)].Trim()}";
        return IsRetryable(response.StatusCode)
            ? SendOutcome.Retryable(message, RetryAfter(response.Headers))
            : SendOutcome.Refused(message);
    }

    public static HttpClient CreateClient(int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            EnableMultipleHttp2Connections = true,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Appends <paramref name="path"/> when the URL names only a host (http://host:port or http://host:port/).</summary>
    public static Uri WithDefaultPath(Uri url, string path) =>
        url.AbsolutePath is "" or "/" ? new Uri(url, path) : url;
}
