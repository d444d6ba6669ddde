namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>What a condition reads; which ones a context offers is <see cref="FilterContextKind"/>'s business.</summary>
internal enum FilterFieldId : byte
{
    Name,
    Kind,
    StatusCode,
    StatusMessage,
    Attribute,
    ResourceAttribute,
    ScopeName,
    ScopeVersion,
    SpanName,
    SeverityNumber,
    SeverityText,
    Body,
    Value,
}

/// <summary>The kind of row a condition list is evaluated on (the keys under <c>traces</c>, <c>metrics</c>, <c>logs</c>).</summary>
internal enum FilterContextKind : byte
{
    Span,
    SpanEvent,
    Metric,
    DataPoint,
    LogRecord,
}

/// <summary>A resolved path such as <c>attributes["http.target"]</c>: the field and, for maps, the key as UTF-8.</summary>
internal sealed record FilterField(FilterFieldId Id, byte[]? Key)
{
    /// <summary>Resolves an OTTL path in a context; null when the context has no such field.</summary>
    public static FilterFieldId? Resolve(string path, bool hasKey, FilterContextKind context)
    {
        FilterFieldId? id = (path, hasKey) switch
        {
            ("attributes", true) => FilterFieldId.Attribute,
            ("resource.attributes", true) => FilterFieldId.ResourceAttribute,
            ("name", false) or ("metric.name", false) => FilterFieldId.Name,
            ("kind", false) => FilterFieldId.Kind,
            ("status.code", false) => FilterFieldId.StatusCode,
            ("status.message", false) => FilterFieldId.StatusMessage,
            ("instrumentation_scope.name", false) => FilterFieldId.ScopeName,
            ("instrumentation_scope.version", false) => FilterFieldId.ScopeVersion,
            ("span.name", false) => FilterFieldId.SpanName,
            ("severity_number", false) => FilterFieldId.SeverityNumber,
            ("severity_text", false) => FilterFieldId.SeverityText,
            ("body", false) => FilterFieldId.Body,
            ("value", false) => FilterFieldId.Value,
            _ => null,
        };
        if (id is null) return null;
        var offered = context switch
        {
            FilterContextKind.Span => id is FilterFieldId.Name or FilterFieldId.Kind or FilterFieldId.StatusCode or FilterFieldId.StatusMessage
                or FilterFieldId.Attribute or FilterFieldId.ResourceAttribute or FilterFieldId.ScopeName or FilterFieldId.ScopeVersion,
            FilterContextKind.SpanEvent => id is FilterFieldId.Name or FilterFieldId.Attribute or FilterFieldId.ResourceAttribute
                or FilterFieldId.SpanName or FilterFieldId.ScopeName or FilterFieldId.ScopeVersion,
            FilterContextKind.Metric => id is FilterFieldId.Name or FilterFieldId.Attribute or FilterFieldId.ResourceAttribute,
            FilterContextKind.DataPoint => id is FilterFieldId.Name or FilterFieldId.Attribute or FilterFieldId.ResourceAttribute or FilterFieldId.Value,
            _ => id is FilterFieldId.Body or FilterFieldId.SeverityNumber or FilterFieldId.SeverityText
                or FilterFieldId.Attribute or FilterFieldId.ResourceAttribute,
        };
        return offered ? id : null;
    }

    /// <summary>OTTL's enum names, compared as integers.</summary>
    public static long? EnumValue(string name) => name switch
    {
        "SPAN_KIND_UNSPECIFIED" => 0,
        "SPAN_KIND_INTERNAL" => 1,
        "SPAN_KIND_SERVER" => 2,
        "SPAN_KIND_CLIENT" => 3,
        "SPAN_KIND_PRODUCER" => 4,
        "SPAN_KIND_CONSUMER" => 5,
        "STATUS_CODE_UNSET" => 0,
        "STATUS_CODE_OK" => 1,
        "STATUS_CODE_ERROR" => 2,
        "SEVERITY_NUMBER_UNSPECIFIED" => 0,
        _ => SeverityEnum(name),
    };

    private static long? SeverityEnum(string name)
    {
        const string prefix = "SEVERITY_NUMBER_";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = name[prefix.Length..];
        var digit = rest.Length > 0 && char.IsAsciiDigit(rest[^1]) ? rest[^1] - '0' : 1;
        var level = digit == 1 || !char.IsAsciiDigit(rest[^1]) ? rest : rest[..^1];
        if (digit is < 1 or > 4) return null;
        long? baseNumber = level switch
        {
            "TRACE" => 1,
            "DEBUG" => 5,
            "INFO" => 9,
            "WARN" => 13,
            "ERROR" => 17,
            "FATAL" => 21,
            _ => null,
        };
        return baseNumber + digit - 1;
    }

    /// <summary>The OTLP severity text for a severity number (<c>WARN</c> for 13–16), empty when unspecified.</summary>
    public static ReadOnlySpan<byte> SeverityText(byte number) => number switch
    {
        >= 1 and <= 4 => "TRACE"u8,
        >= 5 and <= 8 => "DEBUG"u8,
        >= 9 and <= 12 => "INFO"u8,
        >= 13 and <= 16 => "WARN"u8,
        >= 17 and <= 20 => "ERROR"u8,
        >= 21 and <= 24 => "FATAL"u8,
        _ => default,
    };
}
