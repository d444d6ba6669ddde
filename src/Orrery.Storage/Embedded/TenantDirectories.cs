using Orrery.Signals;

namespace Orrery.Storage.Embedded;

/// <summary>The tenants a store has data of on disk: one directory each under the signal's directory.</summary>
internal static class TenantDirectories
{
    /// <summary>
    /// Creates <paramref name="signalDirectory"/> if needed and lists the tenant ids found under
    /// it; a directory whose name is not a valid tenant id is not the store's and is ignored.
    /// </summary>
    public static IEnumerable<string> Under(string signalDirectory)
    {
        Directory.CreateDirectory(signalDirectory);
        foreach (var tenantDirectory in Directory.EnumerateDirectories(signalDirectory))
        {
            var tenant = Path.GetFileName(tenantDirectory);
            if (Tenant.Validate(tenant) is null) yield return tenant;
        }
    }
}
