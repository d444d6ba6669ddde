using Microsoft.AspNetCore.Http;
using Orrery.Signals;

namespace Orrery.Api.Tempo;

/// <summary>The tenant a read is for: <c>X-Scope-OrgID</c> when multi-tenant (required), else <c>default</c>.</summary>
public static class TempoTenant
{
    public const string HeaderName = "X-Scope-OrgID";

    /// <summary>Returns null and sets <paramref name="tenant"/>, or the error to answer with.</summary>
    public static TempoError? Resolve(HttpRequest request, bool multiTenant, out string tenant)
    {
        ArgumentNullException.ThrowIfNull(request);
        tenant = Tenant.Default;
        if (!multiTenant) return null;
        var id = request.Headers[HeaderName].ToString();
        if (id.Length == 0) return new TempoError(StatusCodes.Status401Unauthorized, "no org id");
        var invalid = Tenant.Validate(id);
        if (invalid is not null) return new TempoError(StatusCodes.Status400BadRequest, invalid);
        tenant = id;
        return null;
    }
}
