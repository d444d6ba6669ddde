using System.Diagnostics;

namespace Orrery.Demo.Hosting;

/// <summary>
/// Calls from one service to another: a client span named after the route template, the
/// context and baggage injected into the request, <c>peer.service</c> naming the callee (so
/// Orrery's service graph can name it even before the server half arrives), and the client
/// duration histogram recorded inside the span.
/// </summary>
internal sealed class MeshClient(MeshTelemetry telemetry, HttpClient http)
{
    /// <param name="target">The service called.</param>
    /// <param name="route">The route template, e.g. <c>/objects/{bucket}/{*key}</c>: the span name and <c>url.template</c>.</param>
    /// <param name="path">The concrete path and query.</param>
    public async Task<HttpResponseMessage> SendAsync(ServiceEndpoint target, HttpMethod method, string route, string path, CancellationToken cancellationToken)
    {
        var url = new Uri(target.Address, path);
        var started = Stopwatch.GetTimestamp();
        using var span = telemetry.Source.StartActivity(method.Method + " " + route, ActivityKind.Client);
        span?.SetTag("http.request.method", method.Method);
        span?.SetTag("url.full", url.ToString());
        span?.SetTag("url.template", route);
        span?.SetTag("server.address", target.Identity.HostName);
        span?.SetTag("server.port", url.Port);
        span?.SetTag("peer.service", target.Identity.Name);
        span?.SetTag("net.peer.region", target.Identity.Region);

        using var request = new HttpRequestMessage(method, url);
        request.Headers.UserAgent.ParseAdd(telemetry.Identity.Name + "/1.4.2");
        MeshPropagation.Inject(request.Headers);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            span?.AddException(e);
            span?.SetTag("error.type", e.HttpRequestError.ToString());
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        var status = (int)response.StatusCode;
        span?.SetTag("http.response.status_code", status);
        if (status >= 400)
        {
            span?.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            span?.SetStatus(ActivityStatusCode.Error);
        }
        telemetry.ClientDuration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new("http.request.method", method.Method),
            new("server.address", target.Identity.HostName),
            new("http.response.status_code", status));
        return response;
    }

    /// <summary>Sends and fails the caller's request when the callee failed: the error travels up the call chain.</summary>
    public async Task EnsureAsync(ServiceEndpoint target, HttpMethod method, string route, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(target, method, route, path, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 500)
        {
            var reason = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new MeshFailureException((int)response.StatusCode, $"{target.Identity.Name} answered {(int)response.StatusCode}: {reason}");
        }
    }
}

/// <summary>A started service: who it is and where it listens.</summary>
internal sealed record ServiceEndpoint(ServiceIdentity Identity, Uri Address);
