namespace Orrery.Signals.Traces;

/// <summary>OTLP <c>Span.SpanKind</c>; values are the protobuf enum numbers.</summary>
public enum SpanKind : byte
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>OTLP <c>Status.StatusCode</c>; values are the protobuf enum numbers.</summary>
public enum StatusCode : byte
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
