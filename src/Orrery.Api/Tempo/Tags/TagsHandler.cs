using Microsoft.AspNetCore.Http;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Tags;

/// <summary>The tag-name and tag-value APIs (v1 and v2).</summary>
public sealed class TagsHandler(ITraceReader reader)
{
    /// <summary>Default and maximum list lengths: enough for an autocomplete list, bounded for memory.</summary>
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    /// <summary><c>/api/search/tags</c>: resource and span attribute names together, sorted.</summary>
    public TempoResult TagNames(string tenant, IQueryCollection query)
    {
        if (!TryCommon(query, out var range, out var limit, out var error)) return error!;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(reader.TagNames(tenant, AttributeScope.Resource, range, limit));
        names.UnionWith(reader.TagNames(tenant, AttributeScope.Span, range, limit));
        return new TagNamesResult(names.Take(limit).ToList());
    }

    /// <summary><c>/api/v2/search/tags</c>: names by scope; <c>scope=</c> picks one; <c>q=</c> scopes them by a TraceQL filter.</summary>
    public TempoResult ScopedTagNames(string tenant, IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!TryCommon(query, out var range, out var limit, out var error)) return error!;
        var wanted = query["scope"].ToString();
        if (wanted is not ("" or "all" or "none" or "resource" or "span" or "intrinsic"))
            return new TempoError(StatusCodes.Status400BadRequest, $"invalid scope '{wanted}': expected resource, span, intrinsic or all");
        var scopes = new List<ScopedTagNames>();
        // q= narrows names to the spans the query matches; without it, the store's indexes answer.
        var (resource, span) = TagScope.For(reader, query["q"].ToString()) is { } scope
            ? scope.TagNames(tenant, range, limit)
            : (Sorted(reader.TagNames(tenant, AttributeScope.Resource, range, limit)), Sorted(reader.TagNames(tenant, AttributeScope.Span, range, limit)));
        if (wanted is "" or "all" or "none" or "resource")
            scopes.Add(new ScopedTagNames("resource", resource));
        if (wanted is "" or "all" or "none" or "span")
            scopes.Add(new ScopedTagNames("span", span));
        if (wanted is "" or "all" or "intrinsic")
            scopes.Add(new ScopedTagNames("intrinsic", TagReference.IntrinsicNames));
        return new ScopedTagNamesResult(scopes);
    }

    /// <summary><c>/api/search/tag/{tag}/values</c>: values as plain strings.</summary>
    public TempoResult TagValues(string tenant, string tag, IQueryCollection query)
    {
        if (!TryCommon(query, out var range, out var limit, out var error)) return error!;
        var values = reader.TagValues(tenant, TagReference.ParseUnscoped(tag), range, limit);
        return new TagValuesResult(values.Select(v => v.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary><c>/api/v2/search/tag/{tag}/values</c>: typed values of a scoped tag; <c>q=</c> scopes them by a TraceQL filter.</summary>
    public TempoResult TypedTagValues(string tenant, string tag, IQueryCollection query)
    {
        if (!TryCommon(query, out var range, out var limit, out var error)) return error!;
        if (!TagReference.TryParseScoped(tag, out var reference))
            return new TempoError(StatusCodes.Status400BadRequest, $"invalid tag '{tag}': expected resource.x, span.x, .x or an intrinsic such as name");
        var values = TagScope.For(reader, query["q"].ToString())?.TagValues(tenant, reference, range, limit)
            ?? reader.TagValues(tenant, reference, range, limit);
        return new TypedTagValuesResult(values.OrderBy(v => v.Type, StringComparer.Ordinal).ThenBy(v => v.Value, StringComparer.Ordinal).ToList());
    }

    private static List<string> Sorted(IEnumerable<string> names) => names.Order(StringComparer.Ordinal).ToList();

    private static bool TryCommon(IQueryCollection query, out Signals.TimeRange range, out int limit, out TempoError? error)
    {
        error = null;
        limit = DefaultLimit;
        if (!TempoParameters.TryGetRange(query, out range, out var reason) || !TempoParameters.TryGetLimit(query, DefaultLimit, MaxLimit, out limit, out reason))
        {
            error = new TempoError(StatusCodes.Status400BadRequest, reason!);
            return false;
        }
        return true;
    }
}
