namespace Orrery.Signals;

/// <summary>
/// Tenant ids, as carried by <c>X-Scope-OrgID</c>. The rules follow Cortex/Mimir/Tempo so that
/// an id valid there is valid here, and every valid id is a safe directory name.
/// </summary>
public static class Tenant
{
    public const string Default = "default";

    /// <summary>The HTTP header that names the tenant when multi-tenancy is on.</summary>
    public const string HeaderName = "X-Scope-OrgID";

    /// <summary>150 characters: the limit Cortex-family systems enforce on org ids.</summary>
    public const int MaxLength = 150;

    /// <summary>
    /// Which tenant a request belongs to: <paramref name="orgIdHeader"/> when multi-tenant
    /// (required; several header values arrive comma-joined and are refused), else <see cref="Default"/>.
    /// </summary>
    public static TenantResolution Resolve(string? orgIdHeader, bool multiTenant, out string tenant, out string? error)
    {
        tenant = Default;
        error = null;
        if (!multiTenant) return TenantResolution.Ok;
        if (string.IsNullOrEmpty(orgIdHeader))
        {
            error = "no org id";
            return TenantResolution.Missing;
        }
        error = Validate(orgIdHeader);
        if (error is not null) return TenantResolution.Invalid;
        tenant = orgIdHeader;
        return TenantResolution.Ok;
    }

    /// <summary>Returns null when valid, otherwise the reason it is not.</summary>
    public static string? Validate(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "tenant id is empty";
        if (id.Length > MaxLength) return $"tenant id is longer than {MaxLength} characters";
        if (id is "." or "..") return "tenant id must not be '.' or '..'";
        foreach (var c in id)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '!' or '-' or '_' or '.' or '*' or '\'' or '(' or ')';
            if (!ok) return $"tenant id contains unsupported character '{c}'";
        }
        return null;
    }
}

/// <summary>The outcome of <see cref="Tenant.Resolve"/>.</summary>
public enum TenantResolution
{
    Ok,
    /// <summary>Multi-tenancy is on and the request names no tenant (Cortex/Tempo answer 401 "no org id").</summary>
    Missing,
    Invalid,
}
