using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Equality between a query literal and a stored value, as TraceQL compares them: strings by
/// bytes, numbers by value whether stored as int or double, booleans as booleans.
/// </summary>
internal readonly struct ValueMatcher
{
    private readonly StaticValue _operand;
    private readonly byte[]? _utf8;

    private ValueMatcher(StaticValue operand)
    {
        _operand = operand;
        _utf8 = operand.Kind == StaticKind.String ? Encoding.UTF8.GetBytes(operand.String ?? "") : null;
    }

    /// <summary>Only these literal kinds are compared; for the others every value "may match".</summary>
    public static bool CanCompare(StaticValue v) => v.Kind is StaticKind.String or StaticKind.Int or StaticKind.Double or StaticKind.Bool;

    public static ValueMatcher Create(StaticValue operand) => new(operand);

    public bool Matches(in AnyValueRow value, SpanBatch arena) => _operand.Kind switch
    {
        StaticKind.String => value.Kind == ValueKind.String && arena.Utf8(value.Bytes).SequenceEqual(_utf8),
        StaticKind.Int => (value.Kind == ValueKind.Int && value.AsInt == _operand.Int)
            || (value.Kind == ValueKind.Double && value.AsDouble == _operand.Int),
        StaticKind.Double => (value.Kind == ValueKind.Double && value.AsDouble.Equals(_operand.Double))
            || (value.Kind == ValueKind.Int && value.AsInt == _operand.Double),
        StaticKind.Bool => value.Kind == ValueKind.Bool && value.AsBool == (_operand.Int != 0),
        _ => true,
    };
}
