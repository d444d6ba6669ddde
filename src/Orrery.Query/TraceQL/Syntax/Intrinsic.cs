using System.Collections.Frozen;

namespace Orrery.Query.TraceQL.Syntax;

/// <summary>Built-in fields of spans, traces, events, links and scopes.</summary>
public enum Intrinsic
{
    Name,
    Status,
    StatusMessage,
    Kind,
    Duration,
    ChildCount,
    SpanId,
    ParentId,
    RootName,
    RootServiceName,
    TraceDuration,
    TraceId,
    EventName,
    EventTimeSinceStart,
    LinkTraceId,
    LinkSpanId,
    InstrumentationName,
    InstrumentationVersion,
    NestedSetParent,
    NestedSetLeft,
    NestedSetRight,
}

/// <summary>Names and types of the intrinsics; both Tempo spellings (<c>name</c>, <c>span:name</c>) map to one intrinsic.</summary>
public static class Intrinsics
{
    private static readonly (Intrinsic Intrinsic, string Canonical, StaticType Type, string[] Aliases)[] Table =
    [
        (Intrinsic.Name, "name", StaticType.String, ["span:name"]),
        (Intrinsic.Status, "status", StaticType.Status, ["span:status"]),
        (Intrinsic.StatusMessage, "statusMessage", StaticType.String, ["span:statusMessage"]),
        (Intrinsic.Kind, "kind", StaticType.Kind, ["span:kind"]),
        (Intrinsic.Duration, "duration", StaticType.Duration, ["span:duration"]),
        (Intrinsic.ChildCount, "childCount", StaticType.Int, ["span:childCount"]),
        (Intrinsic.SpanId, "span:id", StaticType.String, []),
        (Intrinsic.ParentId, "span:parentID", StaticType.String, []),
        (Intrinsic.RootName, "rootName", StaticType.String, ["trace:rootName"]),
        (Intrinsic.RootServiceName, "rootServiceName", StaticType.String, ["trace:rootService"]),
        (Intrinsic.TraceDuration, "traceDuration", StaticType.Duration, ["trace:duration"]),
        (Intrinsic.TraceId, "trace:id", StaticType.String, []),
        (Intrinsic.EventName, "event:name", StaticType.String, []),
        (Intrinsic.EventTimeSinceStart, "event:timeSinceStart", StaticType.Duration, []),
        (Intrinsic.LinkTraceId, "link:traceID", StaticType.String, []),
        (Intrinsic.LinkSpanId, "link:spanID", StaticType.String, []),
        (Intrinsic.InstrumentationName, "instrumentation:name", StaticType.String, []),
        (Intrinsic.InstrumentationVersion, "instrumentation:version", StaticType.String, []),
        (Intrinsic.NestedSetParent, "nestedSetParent", StaticType.Int, []),
        (Intrinsic.NestedSetLeft, "nestedSetLeft", StaticType.Int, []),
        (Intrinsic.NestedSetRight, "nestedSetRight", StaticType.Int, []),
    ];

    private static readonly FrozenDictionary<string, Intrinsic> ByName = Table
        .SelectMany(row => row.Aliases.Append(row.Canonical).Select(name => (name, row.Intrinsic)))
        .ToFrozenDictionary(pair => pair.name, pair => pair.Intrinsic);

    public static bool TryLookup(string name, out Intrinsic intrinsic) => ByName.TryGetValue(name, out intrinsic);

    public static string CanonicalName(Intrinsic intrinsic) => Table[(int)intrinsic].Canonical;

    public static StaticType TypeOf(Intrinsic intrinsic) => Table[(int)intrinsic].Type;
}
