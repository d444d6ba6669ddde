using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Tags;

/// <summary>Parses tag names as the tag APIs take them.</summary>
public static class TagReference
{
    /// <summary>The intrinsics the search engine evaluates, by their TraceQL names.</summary>
    public static readonly IReadOnlyList<string> IntrinsicNames = ["duration", "kind", "name", "status", "statusMessage"];

    /// <summary>
    /// A v2 tag: <c>resource.x</c>, <c>span.x</c>, <c>event.x</c>, <c>link.x</c>, unscoped
    /// <c>.x</c>, or an intrinsic (<c>name</c>, <c>status</c>, ...).
    /// </summary>
    public static bool TryParseScoped(string tag, out AttributeRef reference)
    {
        reference = default;
        if (TryIntrinsic(tag, out reference)) return true;
        var (scope, prefixLength) = tag switch
        {
            _ when tag.StartsWith("resource.", StringComparison.Ordinal) => (AttributeScope.Resource, 9),
            _ when tag.StartsWith("span.", StringComparison.Ordinal) => (AttributeScope.Span, 5),
            _ when tag.StartsWith("event.", StringComparison.Ordinal) => (AttributeScope.Event, 6),
            _ when tag.StartsWith("link.", StringComparison.Ordinal) => (AttributeScope.Link, 5),
            _ when tag.StartsWith('.') => (AttributeScope.None, 1),
            _ => (AttributeScope.Intrinsic, 0),
        };
        if (scope == AttributeScope.Intrinsic || tag.Length == prefixLength) return false;
        reference = new AttributeRef(scope, tag[prefixLength..]);
        return true;
    }

    /// <summary>A v1 tag: an intrinsic name, or else an attribute of the span or its resource.</summary>
    public static AttributeRef ParseUnscoped(string tag) =>
        TryIntrinsic(tag, out var reference) ? reference : AttributeRef.Unscoped(tag);

    private static bool TryIntrinsic(string tag, out AttributeRef reference)
    {
        var intrinsic = tag switch
        {
            "name" => Intrinsic.Name,
            "status" => Intrinsic.Status,
            "statusMessage" => Intrinsic.StatusMessage,
            "kind" => Intrinsic.Kind,
            "duration" => Intrinsic.Duration,
            _ => Intrinsic.None,
        };
        reference = intrinsic == Intrinsic.None ? default : AttributeRef.Of(intrinsic, tag);
        return intrinsic != Intrinsic.None;
    }
}
