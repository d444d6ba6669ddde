using System.Globalization;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Search;

/// <summary>
/// Turns Tempo search tags into span conditions. <c>name</c>, <c>status</c> and <c>kind</c> are
/// span intrinsics; every other key is an attribute looked up on the span, then its resource.
/// An unquoted value that reads as a number or boolean is compared as one (so
/// <c>http.status_code=500</c> finds the integer attribute OpenTelemetry SDKs send); a quoted
/// value is always a string.
/// </summary>
public static class SearchTags
{
    public static bool TryToConditions(IReadOnlyList<LogfmtPair> tags, out List<SpanCondition> conditions, out string? error)
    {
        ArgumentNullException.ThrowIfNull(tags);
        conditions = new List<SpanCondition>(tags.Count);
        error = null;
        foreach (var tag in tags)
        {
            var condition = ToCondition(tag, out error);
            if (condition is null) return false;
            conditions.Add(condition);
        }
        return true;
    }

    private static SpanCondition? ToCondition(LogfmtPair tag, out string? error)
    {
        error = null;
        switch (tag.Key)
        {
            case "name":
                return new SpanCondition(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of(tag.Value));
            case "status":
                if (!TryParseStatus(tag.Value, out var status))
                {
                    error = $"invalid status '{tag.Value}': expected ok, error or unset";
                    return null;
                }
                return new SpanCondition(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)status));
            case "kind":
                if (!TryParseKind(tag.Value, out var kind))
                {
                    error = $"invalid kind '{tag.Value}': expected unspecified, internal, server, client, producer or consumer";
                    return null;
                }
                return new SpanCondition(AttributeRef.Of(Intrinsic.Kind, "kind"), ConditionOperator.Equal, new StaticValue(StaticKind.Kind, (long)kind));
            default:
                return new SpanCondition(AttributeRef.Unscoped(tag.Key), ConditionOperator.Equal, TypedValue(tag));
        }
    }

    private static StaticValue TypedValue(LogfmtPair tag)
    {
        if (tag.Quoted) return StaticValue.Of(tag.Value);
        if (long.TryParse(tag.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return StaticValue.Of(i);
        if (double.TryParse(tag.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return StaticValue.Of(d);
        if (tag.Value is "true" or "false") return StaticValue.Of(tag.Value == "true");
        return StaticValue.Of(tag.Value);
    }

    public static bool TryParseStatus(string text, out StatusCode status)
    {
        status = text.ToLowerInvariant() switch
        {
            "ok" => StatusCode.Ok,
            "error" => StatusCode.Error,
            "unset" => StatusCode.Unset,
            _ => (StatusCode)255,
        };
        return status != (StatusCode)255;
    }

    public static bool TryParseKind(string text, out SpanKind kind)
    {
        kind = text.ToLowerInvariant() switch
        {
            "unspecified" => SpanKind.Unspecified,
            "internal" => SpanKind.Internal,
            "server" => SpanKind.Server,
            "client" => SpanKind.Client,
            "producer" => SpanKind.Producer,
            "consumer" => SpanKind.Consumer,
            _ => (SpanKind)255,
        };
        return kind != (SpanKind)255;
    }
}
