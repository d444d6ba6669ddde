using System.Text;
using System.Text.RegularExpressions;
using Orrery.Pipeline.Components;
using Orrery.Signals;

namespace Orrery.Pipeline.Processors.Attributes;

/// <summary>
/// The <c>redaction</c> processor's rules, with the collector's names:
/// <code>
/// redaction:
///   allow_all_keys: false          # false: attributes not in allowed_keys are removed
///   allowed_keys: [http.method, http.route, http.status_code]
///   ignored_keys: [trace.note]     # left exactly as they are
///   blocked_values:                # matches inside kept string values become ****
///     - '\b\d(?:[ -]?\d){12,15}\b'                       # card numbers
///     - '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}' # e-mail addresses
///     - '(?i)bearer\s+[A-Za-z0-9._~+/-]+=*'           # bearer tokens
///   summary: info                  # debug: also which keys; silent: nothing
/// </code>
/// The summary is written on the edited owner as <c>redaction.redacted.count</c>,
/// <c>redaction.masked.count</c> (and with <c>debug</c> <c>redaction.redacted.keys</c>,
/// <c>redaction.masked.keys</c>, sorted and comma-separated).
/// </summary>
internal sealed class Redactor
{
    private const string Mask = "****";
    private readonly bool _allowAll;
    private readonly byte[][] _allowed;
    private readonly byte[][] _ignored;
    private readonly Regex[] _blocked;
    private readonly string _summary;

    private Redactor(bool allowAll, byte[][] allowed, byte[][] ignored, Regex[] blocked, string summary)
    {
        _allowAll = allowAll;
        _allowed = allowed;
        _ignored = ignored;
        _blocked = blocked;
        _summary = summary;
    }

    public static Redactor Parse(ComponentSettings s, byte[][]? alwaysAllowed = null, bool silent = false)
    {
        s.RejectUnknownKeys("allow_all_keys", "allowed_keys", "ignored_keys", "blocked_values", "summary");
        var summary = s.GetString("summary", "info")!;
        if (summary is not ("debug" or "info" or "silent"))
            throw ComponentSettings.Error(s.Get("summary")!, $"{s.Id}: summary must be debug, info or silent");
        var blocked = s.GetStrings("blocked_values").Select(p =>
        {
            try
            {
                return new Regex(p, RegexOptions.CultureInvariant | RegexOptions.Compiled);
            }
            catch (ArgumentException e)
            {
                throw ComponentSettings.Error(s.Get("blocked_values")!, $"{s.Id}: invalid blocked value pattern '{p}': {e.Message}");
            }
        }).ToArray();
        return new Redactor(
            s.GetBool("allow_all_keys", false),
            s.GetStrings("allowed_keys").Select(Encoding.UTF8.GetBytes).ToArray(),
            s.GetStrings("ignored_keys").Select(Encoding.UTF8.GetBytes).ToArray(),
            blocked,
            silent ? "silent" : summary)
        {
            AlwaysAllowed = alwaysAllowed ?? [],
        };
    }

    /// <summary>Keys never removed whatever the allow list says (a series without its name is no series).</summary>
    public byte[][] AlwaysAllowed { get; private init; } = [];

    public void Apply(IAttributeEditor editor)
    {
        List<string>? redactedKeys = null;
        List<string>? maskedKeys = null;
        var redacted = 0;
        var masked = 0;
        for (var i = editor.Count - 1; i >= 0; i--)
        {
            var key = editor.Key(i);
            if (Contains(_ignored, key) || Contains(AlwaysAllowed, key)) continue;
            if (!_allowAll && !Contains(_allowed, key))
            {
                redacted++;
                if (_summary == "debug") (redactedKeys ??= []).Add(Encoding.UTF8.GetString(key));
                editor.Remove(i);
                continue;
            }
            var value = editor.Value(i);
            if (value.Kind != ValueKind.String || _blocked.Length == 0) continue;
            if (MaskText(editor.Arena.Get(value.Bytes)) is not { } replaced) continue;
            masked++;
            if (_summary == "debug") (maskedKeys ??= []).Add(Encoding.UTF8.GetString(key));
            editor.Set(i, AnyValueRow.FromString(editor.Arena.Append(replaced)));
        }
        if (_summary == "silent") return;
        if (redacted > 0) editor.Add("redaction.redacted.count"u8, AnyValueRow.FromInt(redacted));
        if (masked > 0) editor.Add("redaction.masked.count"u8, AnyValueRow.FromInt(masked));
        if (redactedKeys is not null) editor.Add("redaction.redacted.keys"u8, AnyValueRow.FromString(editor.Arena.Append(string.Join(',', redactedKeys.Order(StringComparer.Ordinal)))));
        if (maskedKeys is not null) editor.Add("redaction.masked.keys"u8, AnyValueRow.FromString(editor.Arena.Append(string.Join(',', maskedKeys.Order(StringComparer.Ordinal)))));
    }

    /// <summary>The text with every blocked match masked, or null when nothing matched (the common case allocates nothing).</summary>
    public string? MaskText(ReadOnlySpan<byte> utf8)
    {
        if (_blocked.Length == 0) return null;
        var any = false;
        foreach (var regex in _blocked)
        {
            if (AttributeAction.TextMatches(regex, utf8))
            {
                any = true;
                break;
            }
        }
        if (!any) return null;
        var text = Encoding.UTF8.GetString(utf8);
        foreach (var regex in _blocked) text = regex.Replace(text, Mask);
        return text;
    }

    private static bool Contains(byte[][] keys, ReadOnlySpan<byte> key)
    {
        foreach (var k in keys)
        {
            if (key.SequenceEqual(k)) return true;
        }
        return false;
    }
}
