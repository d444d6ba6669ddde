using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Grpc;

/// <summary>
/// OTLP/gRPC: the <c>Export</c> method of the trace, metrics and logs services, routed by
/// method path to each signal's <see cref="IOtlpExportService"/>.
/// </summary>
public sealed class OtlpGrpcHandler(IEnumerable<IOtlpExportService> services, OtlpReceiveOptions options, ReceiveMetrics metrics)
{
    private const string Transport = "grpc";
    private readonly FrozenDictionary<string, IOtlpExportService> _byPath = services.ToFrozenDictionary(s => s.Signal.GrpcPath, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsPost(context.Request.Method) || !_byPath.TryGetValue(context.Request.Path.Value ?? string.Empty, out var service))
        {
            await GrpcResponse.WriteAsync(context, GrpcStatusCode.Unimplemented, $"unknown method {context.Request.Path}", null).ConfigureAwait(false);
            return;
        }
        var tenancy = Tenant.Resolve(context.Request.Headers[Tenant.HeaderName].ToString(), options.MultiTenant, out var tenant, out var tenantError);
        if (tenancy != TenantResolution.Ok)
        {
            var code = tenancy == TenantResolution.Missing ? GrpcStatusCode.Unauthenticated : GrpcStatusCode.InvalidArgument;
            await GrpcResponse.WriteAsync(context, code, tenantError, null).ConfigureAwait(false);
            return;
        }
        var read = await GrpcMessageReader.ReadAsync(context.Request, options.MaxRequestBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Status != GrpcStatusCode.Ok)
        {
            await GrpcResponse.WriteAsync(context, read.Status, read.Error, null).ConfigureAwait(false);
            return;
        }
        OtlpExportResult result;
        using (read.Owner) result = await service.ExportAsync(tenant, OtlpPayloadFormat.Protobuf, read.Message, Transport, context.RequestAborted).ConfigureAwait(false);
        metrics.Record(service.Signal, Transport, result);
        await WriteResultAsync(context, result).ConfigureAwait(false);
    }

    private static Task WriteResultAsync(HttpContext context, OtlpExportResult result) => result.Status switch
    {
        OtlpExportStatus.Ok => GrpcResponse.WriteAsync(context, GrpcStatusCode.Ok, null, OtlpExportResponse.ToProtobuf(result.Rejected, result.ErrorMessage)),
        OtlpExportStatus.Malformed or OtlpExportStatus.Refused => GrpcResponse.WriteAsync(context, GrpcStatusCode.InvalidArgument, result.ErrorMessage, null),
        _ => GrpcResponse.WriteAsync(context, GrpcStatusCode.Unavailable, result.ErrorMessage, null, GrpcRetryInfo.StatusDetails(GrpcStatusCode.Unavailable, result.ErrorMessage, result.RetryAfter)),
    };
}
