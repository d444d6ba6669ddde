namespace Orrery.Signals;

/// <summary>
/// Tenant ids, as carried by <c>X-Scope-OrgID</c>. The rules follow Cortex/Mimir/Tempo so that
/// an id valid there is valid here, and every valid id is a safe directory name.
/// </summary>
public static class Tenant
{
    public const string Default = "default";

    /// <summary>150 characters: the limit Cortex-family systems enforce on org ids.</summary>
    public const int MaxLength = 150;

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
