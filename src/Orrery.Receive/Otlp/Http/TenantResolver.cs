using Microsoft.AspNetCore.Http;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Http;

public enum TenantResolution
{
    Ok,
    /// <summary>Multi-tenancy is on and the request has no <c>X-Scope-OrgID</c> (Cortex/Tempo: 401 "no org id").</summary>
    Missing,
    Invalid,
}

/// <summary>Which tenant a write belongs to: <c>X-Scope-OrgID</c> when multi-tenant, else <c>default</c>.</summary>
public static class TenantResolver
{
    public const string HeaderName = "X-Scope-OrgID";

    public static TenantResolution Resolve(HttpRequest request, bool multiTenant, out string tenant, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        tenant = Tenant.Default;
        error = null;
        if (!multiTenant) return TenantResolution.Ok;
        var values = request.Headers[HeaderName];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            error = "no org id";
            return TenantResolution.Missing;
        }
        var id = values.Count == 1 ? values[0]! : string.Join(",", values.ToArray());
        error = Tenant.Validate(id);
        if (error is not null) return TenantResolution.Invalid;
        tenant = id;
        return TenantResolution.Ok;
    }
}
