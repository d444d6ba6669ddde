using Microsoft.AspNetCore.Http;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Http;

/// <summary>OTLP/HTTP <c>POST /v1/traces</c>: a thin adapter over <see cref="OtlpTraceService"/>.</summary>
public sealed class OtlpHttpTraceHandler(OtlpTraceService service, OtlpReceiveOptions options)
{
    public const string Path = "/v1/traces";
    private const string Transport = "http";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
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
        await OtlpHttpResponse.WriteAsync(context, format, result).ConfigureAwait(false);
    }
}
