using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Receive.Otlp;

/// <summary>Why a single span was rejected. The OTLP rules: ids of the wrong size or all zero are invalid.</summary>
internal enum SpanDefectKind : byte
{
    None,
    TraceIdLength,
    TraceIdZero,
    SpanIdLength,
    SpanIdZero,
    ParentSpanIdLength,
    LinkTraceIdLength,
    LinkSpanIdLength,
    /// <summary>OTLP/JSON only: an id string that is neither hex nor base64.</summary>
    IdEncoding,
}

/// <summary>The first defect found in a span being decoded; no allocation until it is reported.</summary>
internal struct SpanDefect
{
    public SpanDefectKind Kind;
    /// <summary>The byte length found, or the link index for link defects.</summary>
    public int Detail;
    public int LinkIndex;
    /// <summary>For <see cref="SpanDefectKind.IdEncoding"/>: which id (field name as on the wire).</summary>
    public string? Field;

    public readonly bool IsValid => Kind == SpanDefectKind.None;

    /// <summary>
    /// The first id defect of a decoded span, from the id lengths the wire carried; a negative
    /// length means the id was not decodable at all (OTLP/JSON: neither hex nor base64).
    /// </summary>
    public static SpanDefect OfIds(in SpanRow span, int traceIdLength, int spanIdLength, int parentLength, bool json)
    {
        var d = default(SpanDefect);
        if (traceIdLength < 0) d.Set(SpanDefectKind.IdEncoding, field: json ? "traceId" : "trace_id");
        else if (traceIdLength != TraceId.Size) d.Set(SpanDefectKind.TraceIdLength, traceIdLength);
        else if (span.TraceId.IsEmpty) d.Set(SpanDefectKind.TraceIdZero);
        if (spanIdLength < 0) d.Set(SpanDefectKind.IdEncoding, field: json ? "spanId" : "span_id");
        else if (spanIdLength != SpanId.Size) d.Set(SpanDefectKind.SpanIdLength, spanIdLength);
        else if (span.SpanId.IsEmpty) d.Set(SpanDefectKind.SpanIdZero);
        if (parentLength < 0) d.Set(SpanDefectKind.IdEncoding, field: json ? "parentSpanId" : "parent_span_id");
        else if (parentLength != 0 && parentLength != SpanId.Size) d.Set(SpanDefectKind.ParentSpanIdLength, parentLength);
        return d;
    }

    public void Set(SpanDefectKind kind, int detail = 0, int linkIndex = 0, string? field = null)
    {
        if (Kind != SpanDefectKind.None) return; // keep the first
        Kind = kind;
        Detail = detail;
        LinkIndex = linkIndex;
        Field = field;
    }

    public readonly string Describe(bool json)
    {
        var traceId = json ? "traceId" : "trace_id";
        var spanId = json ? "spanId" : "span_id";
        var parent = json ? "parentSpanId" : "parent_span_id";
        return Kind switch
        {
            SpanDefectKind.TraceIdLength => $"{traceId} must be 16 bytes, got {Detail}",
            SpanDefectKind.TraceIdZero => $"{traceId} is all zeros",
            SpanDefectKind.SpanIdLength => $"{spanId} must be 8 bytes, got {Detail}",
            SpanDefectKind.SpanIdZero => $"{spanId} is all zeros",
            SpanDefectKind.ParentSpanIdLength => $"{parent} must be empty or 8 bytes, got {Detail}",
            SpanDefectKind.LinkTraceIdLength => $"links[{LinkIndex}].{traceId} must be 16 bytes, got {Detail}",
            SpanDefectKind.LinkSpanIdLength => $"links[{LinkIndex}].{spanId} must be 8 bytes, got {Detail}",
            SpanDefectKind.IdEncoding => $"{Field} is neither hex nor base64 of the right length",
            _ => "valid",
        };
    }
}

/// <summary>Counts rejected spans and remembers the first one for the partial-success message.</summary>
internal struct SpanRejections
{
    private string? _first;

    public int Count { get; private set; }

    public void Add(in SpanDefect defect, bool json, int resourceIndex, int scopeIndex, int spanIndex)
    {
        Count++;
        if (_first is not null) return;
        var path = json
            ? $"resourceSpans[{resourceIndex}].scopeSpans[{scopeIndex}].spans[{spanIndex}]"
            : $"resource_spans[{resourceIndex}].scope_spans[{scopeIndex}].spans[{spanIndex}]";
        _first = $"{path}: {defect.Describe(json)}";
    }

    public readonly string? Message => Count switch
    {
        0 => null,
        1 => $"1 span rejected: {_first}",
        _ => $"{Count} spans rejected; the first: {_first}",
    };
}
