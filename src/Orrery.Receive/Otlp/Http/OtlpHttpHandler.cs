using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Http;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>, routed by path to
/// each signal's <see cref="IOtlpExportService"/>.
/// </summary>
public sealed class OtlpHttpHandler(IEnumerable<IOtlpExportService> services, OtlpReceiveOptions options, ReceiveMetrics metrics)
{
    private const string Transport = "http";
    private readonly FrozenDictionary<string, IOtlpExportService> _byPath = services.ToFrozenDictionary(s => s.Signal.HttpPath, StringComparer.Ordinal);

    /// <summary>The paths served, for mapping them on other listeners too.</summary>
    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>True when the request is an export this handler serves.</summary>
    public bool Serves(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method) && _byPath.ContainsKey(request.Path.Value ?? string.Empty);
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_byPath.TryGetValue(context.Request.Path.Value ?? string.Empty, out var service))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!OtlpHttpResponse.TryGetFormat(context.Request.ContentType, out var format))
        {
            await OtlpHttpResponse.WriteUnsupportedMediaTypeAsync(context).ConfigureAwait(false);
            return;
        }
        var tenancy = Tenant.Resolve(context.Request.Headers[Tenant.HeaderName].ToString(), options.MultiTenant, out var tenant, out var tenantError);
        if (tenancy != TenantResolution.Ok)
        {
            var status = tenancy == TenantResolution.Missing ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            await OtlpHttpResponse.WriteErrorAsync(context, format, status, tenantError!).ConfigureAwait(false);
            return;
        }
        var read = await OtlpHttpBody.ReadAsync(context.Request, options.MaxRequestBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Buffer is null)
        {
            await OtlpHttpResponse.WriteErrorAsync(context, format, read.HttpStatus, read.Error!).ConfigureAwait(false);
            return;
        }
        using var body = read.Buffer;
        var result = await service.ExportAsync(tenant, format, body.Memory, Transport, context.RequestAborted).ConfigureAwait(false);
        metrics.Record(service.Signal, Transport, result);
        await OtlpHttpResponse.WriteAsync(context, service.Signal, format, result).ConfigureAwait(false);
    }
}
