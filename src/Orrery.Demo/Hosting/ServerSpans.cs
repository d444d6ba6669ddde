using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace Orrery.Demo.Hosting;

/// <summary>
/// The server span of every incoming request, made by hand as ASP.NET Core instrumentation
/// would: the caller's context and baggage extracted from the headers, the HTTP semantic
/// convention attributes, the duration histogram recorded inside the span (so its exemplar
/// names this trace), and a failed request answered 500 with an exception event and an error log.
/// </summary>
internal sealed class ServerSpans(MeshTelemetry telemetry)
{
    private readonly ILogger _logger = telemetry.CreateLogger("Mesh.Requests");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var parent = MeshPropagation.Extract(request.Headers);
        Baggage.Current = parent.Baggage;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var started = Stopwatch.GetTimestamp();
        var callerPeer = parent.Baggage.GetBaggage("peer.id");
        // Every log line of the request carries the peer as an attribute (peer.id), besides the trace context.
        using var scope = callerPeer is null ? null : _logger.BeginScope(new KeyValuePair<string, object?>[] { new("peer.id", callerPeer) });
        using var span = telemetry.Source.StartActivity(ActivityKind.Server, parent.ActivityContext, name: request.Method + " " + route);
        if (span is not null)
        {
            span.SetTag("http.request.method", request.Method);
            span.SetTag("http.route", route);
            span.SetTag("url.path", request.Path.Value);
            span.SetTag("url.scheme", "http");
            span.SetTag("server.address", telemetry.Identity.HostName);
            span.SetTag("server.port", request.Host.Port);
            span.SetTag("network.protocol.version", "1.1");
            if (request.Headers.UserAgent.Count > 0) span.SetTag("user_agent.original", request.Headers.UserAgent.ToString());
            if (callerPeer is not null) span.SetTag("peer.id", callerPeer);
            if (parent.Baggage.GetBaggage("tenant.id") is { } tenant) span.SetTag("tenant.id", tenant);
        }

        string? errorType = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            var status = e is MeshFailureException failure ? failure.StatusCode : StatusCodes.Status500InternalServerError;
            errorType = e.GetType().Name;
            span?.AddException(e);
            _logger.LogError(e, "{Method} {Route} failed with {StatusCode} for peer {PeerId}: {Reason}",
                request.Method, route, status, span?.GetTagItem("peer.id") as string ?? callerPeer ?? "-", e.Message);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(e.Message, context.RequestAborted).ConfigureAwait(false);
        }

        var statusCode = context.Response.StatusCode;
        span?.SetTag("http.response.status_code", statusCode);
        if (statusCode >= 500)
        {
            errorType ??= statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            span?.SetTag("error.type", errorType);
            span?.SetStatus(ActivityStatusCode.Error, errorType);
        }
        telemetry.ServerDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new("http.request.method", request.Method),
            new("http.route", route),
            new("http.response.status_code", statusCode));
    }
}
