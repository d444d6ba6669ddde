using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Api.Metrics;
using Orrery.Configuration;
using Orrery.Receive.Otlp.Grpc;
using Orrery.Receive.Otlp.Http;

namespace Orrery.Hosting;

/// <summary>
/// Sends each request to its listener's handler by the port it arrived on: the OTLP ports
/// serve only their receiver, the --http port serves the routed APIs. Also times every request.
/// </summary>
internal static class RequestRouting
{
    public static void Use(WebApplication app, ServeSettings settings, OtlpGrpcHandler grpc, OtlpHttpHandler http, HttpMetrics metrics)
    {
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            // Current for the whole request, so the duration histogram's exemplar carries its trace id.
            using var activity = metrics.StartRequest(context);
            var port = context.Connection.LocalPort;
            string listener, handler;
            if (port == settings.OtlpGrpc.Port)
            {
                (listener, handler) = ("otlp-grpc", "export");
                await grpc.HandleAsync(context).ConfigureAwait(false);
            }
            else if (port == settings.OtlpHttp.Port)
            {
                (listener, handler) = ("otlp-http", context.Request.Path.Value ?? string.Empty);
                if (http.Serves(context.Request)) await http.HandleAsync(context).ConfigureAwait(false);
                else (handler, context.Response.StatusCode) = ("other", StatusCodes.Status404NotFound);
            }
            else
            {
                await next(context).ConfigureAwait(false);
                listener = "http";
                handler = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            }
            metrics.Record(listener, handler, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
        });
    }
}
