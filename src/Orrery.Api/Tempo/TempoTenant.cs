using Microsoft.AspNetCore.Http;
using Orrery.Signals;

namespace Orrery.Api.Tempo;

/// <summary>The tenant a read is for: <c>X-Scope-OrgID</c> when multi-tenant (required), else <c>default</c>.</summary>
public static class TempoTenant
{
    /// <summary>Returns null and sets <paramref name="tenant"/>, or the error to answer with.</summary>
    public static TempoError? Resolve(HttpRequest request, bool multiTenant, out string tenant)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Tenant.Resolve(request.Headers[Tenant.HeaderName].ToString(), multiTenant, out tenant, out var error) switch
        {
            TenantResolution.Ok => null,
            TenantResolution.Missing => new TempoError(StatusCodes.Status401Unauthorized, error!),
            _ => new TempoError(StatusCodes.Status400BadRequest, error!),
        };
    }
}
