using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Orrery.Pipeline.Components;
using Orrery.Signals;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orrery.Pipeline.Processors.Attributes;

internal enum AttributeActionKind
{
    Insert,
    Update,
    Upsert,
    Delete,
    Hash,
    Extract,
    Convert,
}

/// <summary>
/// One entry of <c>actions</c> as the collector's attributes and resource processors take it:
/// <code>
/// actions:
///   - { key: deployment.environment, value: prod, action: insert }     # only when absent
///   - { key: http.route, from_attribute: http.target, action: upsert } # update: only when present
///   - { key: db.statement, action: delete }                            # or pattern: ^secret\. to delete by key regex
///   - { key: user.email, action: hash }                                # SHA-256, lower-case hex
///   - { key: http.url, pattern: '^(?P&lt;scheme&gt;\w+)://(?P&lt;host&gt;[^/:]+)', action: extract }
///   - { key: http.status_code, converted_type: int, action: convert }  # int, double, string, bool
/// </code>
/// Extract upserts one attribute per named group (Go's <c>(?P&lt;name&gt;…)</c> is accepted).
/// Values are typed as YAML reads them: quoted is a string, otherwise an integer, number or bool when it parses as one.
/// </summary>
internal sealed class AttributeAction
{
    private AttributeActionKind _kind;
    private byte[]? _key;
    private Regex? _keyPattern;
    private AnyValueRow _literal;
    private byte[]? _literalString;
    private byte[]? _fromAttribute;
    private Regex? _extract;
    private (string Name, byte[] Key)[] _groups = [];
    private ValueKind _convertTo;

    public static IReadOnlyList<AttributeAction> ParseAll(ComponentSettings settings)
    {
        settings.RejectUnknownKeys("actions", "include", "exclude");
        if (settings.Get("include") is { } include) throw ComponentSettings.Error(include, $"{settings.Id}: include/exclude matching is not supported; use a filter processor in a separate pipeline");
        if (settings.Get("exclude") is { } exclude) throw ComponentSettings.Error(exclude, $"{settings.Id}: include/exclude matching is not supported; use a filter processor in a separate pipeline");
        var actions = settings.GetSections("actions");
        if (actions.Count == 0) throw new PipelineConfigException($"{settings.Id}: 'actions' must list at least one action", settings.Line);
        return actions.Select(Parse).ToArray();
    }

    private static AttributeAction Parse(ComponentSettings s)
    {
        s.RejectUnknownKeys("key", "action", "value", "from_attribute", "from_context", "pattern", "converted_type");
        var actionText = s.GetString("action") ?? throw new PipelineConfigException($"{s.Id}: missing 'action'", s.Line);
        var kind = actionText switch
        {
            "insert" => AttributeActionKind.Insert,
            "update" => AttributeActionKind.Update,
            "upsert" => AttributeActionKind.Upsert,
            "delete" => AttributeActionKind.Delete,
            "hash" => AttributeActionKind.Hash,
            "extract" => AttributeActionKind.Extract,
            "convert" => AttributeActionKind.Convert,
            _ => throw ComponentSettings.Error(s.Get("action")!, $"{s.Id}: unknown action '{actionText}' (known: insert, update, upsert, delete, hash, extract, convert)"),
        };
        if (s.Get("from_context") is { } fromContext) throw ComponentSettings.Error(fromContext, $"{s.Id}: from_context is not supported");
        var action = new AttributeAction { _kind = kind };
        var key = s.GetString("key");
        var pattern = s.GetString("pattern");
        action._key = key is null ? null : Encoding.UTF8.GetBytes(key);
        switch (kind)
        {
            case AttributeActionKind.Insert or AttributeActionKind.Update or AttributeActionKind.Upsert:
                RequireKey(s, key);
                var from = s.GetString("from_attribute");
                var valueNode = s.Get("value");
                if ((from is null) == (valueNode is null)) throw new PipelineConfigException($"{s.Id}: {actionText} needs exactly one of 'value' and 'from_attribute'", s.Line);
                if (from is not null) action._fromAttribute = Encoding.UTF8.GetBytes(from);
                else action.SetLiteral(s, valueNode!);
                break;
            case AttributeActionKind.Delete or AttributeActionKind.Hash:
                if (key is null && pattern is null) throw new PipelineConfigException($"{s.Id}: {actionText} needs 'key' or 'pattern'", s.Line);
                if (pattern is not null) action._keyPattern = Compile(s, pattern);
                break;
            case AttributeActionKind.Extract:
                RequireKey(s, key);
                if (pattern is null) throw new PipelineConfigException($"{s.Id}: extract needs a 'pattern' with named groups", s.Line);
                action._extract = Compile(s, pattern);
                action._groups = action._extract.GetGroupNames().Where(n => !int.TryParse(n, out _)).Select(n => (n, Encoding.UTF8.GetBytes(n))).ToArray();
                if (action._groups.Length == 0) throw ComponentSettings.Error(s.Get("pattern")!, $"{s.Id}: the pattern has no named groups (?<name>...)");
                break;
            case AttributeActionKind.Convert:
                RequireKey(s, key);
                var type = s.GetString("converted_type");
                action._convertTo = type switch
                {
                    "int" => ValueKind.Int,
                    "double" => ValueKind.Double,
                    "string" => ValueKind.String,
                    "bool" => ValueKind.Bool,
                    _ => throw new PipelineConfigException($"{s.Id}: converted_type must be int, double, string or bool", (int)(s.Get("converted_type")?.Start.Line ?? s.Line)),
                };
                break;
        }
        return action;
    }

    public void Apply(IAttributeEditor editor)
    {
        switch (_kind)
        {
            case AttributeActionKind.Insert:
                if (editor.Find(_key) < 0 && TryValue(editor, out var inserted)) editor.Add(_key, inserted);
                break;
            case AttributeActionKind.Update:
                {
                    var i = editor.Find(_key);
                    if (i >= 0 && TryValue(editor, out var updated)) editor.Set(i, updated);
                    break;
                }
            case AttributeActionKind.Upsert:
                {
                    var i = editor.Find(_key);
                    if (!TryValue(editor, out var value)) break;
                    if (i >= 0) editor.Set(i, value);
                    else editor.Add(_key, value);
                    break;
                }
            case AttributeActionKind.Delete:
                for (var i = editor.Count - 1; i >= 0; i--)
                {
                    if (KeyMatches(editor, i)) editor.Remove(i);
                }
                break;
            case AttributeActionKind.Hash:
                for (var i = 0; i < editor.Count; i++)
                {
                    if (KeyMatches(editor, i)) Hash(editor, i);
                }
                break;
            case AttributeActionKind.Extract:
                Extract(editor);
                break;
            case AttributeActionKind.Convert:
                {
                    var i = editor.Find(_key);
                    if (i >= 0 && Convert(editor, editor.Value(i), _convertTo, out var converted)) editor.Set(i, converted);
                    break;
                }
        }
    }

    private bool KeyMatches(IAttributeEditor editor, int i)
    {
        if (_key is not null && editor.Key(i).SequenceEqual(_key)) return true;
        return _keyPattern is not null && TextMatches(_keyPattern, editor.Key(i));
    }

    private bool TryValue(IAttributeEditor editor, out AnyValueRow value)
    {
        if (_fromAttribute is not null)
        {
            var from = editor.Find(_fromAttribute);
            value = from >= 0 ? editor.Value(from) : default;
            return from >= 0;
        }
        value = _literal;
        if (_literalString is not null) value.Bytes = editor.Arena.Append(_literalString);
        return true;
    }

    private static void Hash(IAttributeEditor editor, int i)
    {
        Span<byte> buffer = stackalloc byte[32];
        if (!editor.TryText(editor.Value(i), buffer, out var text)) return;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(text, digest);
        Span<byte> hex = stackalloc byte[SHA256.HashSizeInBytes * 2];
        for (var b = 0; b < digest.Length; b++)
        {
            hex[b * 2] = HexDigit(digest[b] >> 4);
            hex[(b * 2) + 1] = HexDigit(digest[b] & 0xF);
        }
        editor.Set(i, AnyValueRow.FromString(editor.Arena.Append(hex)));
    }

    private static byte HexDigit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);

    private void Extract(IAttributeEditor editor)
    {
        var i = editor.Find(_key);
        if (i < 0) return;
        var value = editor.Value(i);
        if (value.Kind != ValueKind.String) return;
        var match = _extract!.Match(editor.Arena.GetString(value.Bytes));
        if (!match.Success) return;
        foreach (var (name, key) in _groups)
        {
            var group = match.Groups[name];
            if (!group.Success) continue;
            var extracted = AnyValueRow.FromString(editor.Arena.Append(group.Value));
            var existing = editor.Find(key);
            if (existing >= 0) editor.Set(existing, extracted);
            else editor.Add(key, extracted);
        }
    }

    /// <summary>The collector's conversions: a value that does not convert is left as it is.</summary>
    private static bool Convert(IAttributeEditor editor, AnyValueRow value, ValueKind to, out AnyValueRow converted)
    {
        converted = value;
        if (value.Kind == to) return false;
        Span<byte> buffer = stackalloc byte[32];
        switch (to)
        {
            case ValueKind.String:
                if (!editor.TryText(value, buffer, out var text)) return false;
                converted = AnyValueRow.FromString(editor.Arena.Append(text));
                return true;
            case ValueKind.Int:
                switch (value.Kind)
                {
                    case ValueKind.Double: converted = AnyValueRow.FromInt((long)Math.Truncate(value.AsDouble)); return true;
                    case ValueKind.Bool: converted = AnyValueRow.FromInt(value.AsBool ? 1 : 0); return true;
                    case ValueKind.String when long.TryParse(editor.Arena.Get(value.Bytes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                        converted = AnyValueRow.FromInt(l);
                        return true;
                    default: return false;
                }
            case ValueKind.Double:
                switch (value.Kind)
                {
                    case ValueKind.Int: converted = AnyValueRow.FromDouble(value.AsInt); return true;
                    case ValueKind.Bool: converted = AnyValueRow.FromDouble(value.AsBool ? 1 : 0); return true;
                    case ValueKind.String when double.TryParse(editor.Arena.Get(value.Bytes), NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                        converted = AnyValueRow.FromDouble(d);
                        return true;
                    default: return false;
                }
            case ValueKind.Bool:
                switch (value.Kind)
                {
                    case ValueKind.Int: converted = AnyValueRow.FromBool(value.AsInt != 0); return true;
                    case ValueKind.Double: converted = AnyValueRow.FromBool(value.AsDouble != 0); return true;
                    case ValueKind.String when bool.TryParse(Encoding.UTF8.GetString(editor.Arena.Get(value.Bytes)), out var b):
                        converted = AnyValueRow.FromBool(b);
                        return true;
                    default: return false;
                }
            default:
                return false;
        }
    }

    internal static bool TextMatches(Regex regex, ReadOnlySpan<byte> utf8)
    {
        char[]? rented = null;
        var chars = utf8.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(utf8, chars);
            return regex.IsMatch(chars[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    internal static Regex Compile(ComponentSettings s, string pattern)
    {
        try
        {
            // Go's named-group syntax, which collector configs use, is .NET's (?<name>...).
            return new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw ComponentSettings.Error(s.Get("pattern") ?? s.Body, $"{s.Id}: invalid pattern '{pattern}': {e.Message}");
        }
    }

    private static void RequireKey(ComponentSettings s, string? key)
    {
        if (string.IsNullOrEmpty(key)) throw new PipelineConfigException($"{s.Id}: missing 'key'", s.Line);
    }

    private void SetLiteral(ComponentSettings s, YamlNode node)
    {
        if (node is not YamlScalarNode scalar) throw ComponentSettings.Error(node, $"{s.Id}: 'value' must be a single value");
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { _literal = AnyValueRow.FromInt(l); return; }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) { _literal = AnyValueRow.FromDouble(d); return; }
            if (text is "true" or "false") { _literal = AnyValueRow.FromBool(text == "true"); return; }
        }
        _literal = new AnyValueRow { Kind = ValueKind.String };
        _literalString = Encoding.UTF8.GetBytes(text);
    }
}
