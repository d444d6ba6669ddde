using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Orrery.EndToEnd.Tests.Support;

internal static class OtlpAssert
{
    public static AnyValue Attribute(IEnumerable<KeyValue> attributes, string key)
    {
        var found = attributes.Where(a => a.Key == key).ToList();
        Assert.True(found.Count == 1, $"expected one attribute '{key}', found {found.Count}: {string.Join(", ", attributes.Select(a => a.Key))}");
        return found[0].Value;
    }

    public static IEnumerable<(ResourceSpans Resource, ScopeSpans Scope, Span Span)> Spans(TracesData data) =>
        from r in data.ResourceSpans from s in r.ScopeSpans from span in s.Spans select (r, s, span);
}
