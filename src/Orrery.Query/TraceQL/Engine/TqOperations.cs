using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// TraceQL's comparison and arithmetic over <see cref="TqValue"/>, per Tempo's documentation:
/// a missing attribute (nil) satisfies no comparison, <c>!=</c> included (<c>= nil</c> and
/// <c>!= nil</c> are existence checks, compiled separately);
/// ints, floats and durations compare with each other; strings only with strings (ordinal UTF-8
/// order); status and kind only with their own kind; any other pairing is false, <c>!=</c> included.
/// </summary>
internal static class TqOperations
{
    // User-supplied patterns: NonBacktracking keeps matching linear in the input.
    public const RegexOptions PatternOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    /// <summary>Tempo's <c>=~</c> is a full match (Go's regexp anchored at both ends), as Prometheus does it.</summary>
    public static Regex CompilePattern(string pattern) => new("^(?:" + pattern + ")$", PatternOptions);

    public static bool Compare(FieldOp op, in TqValue left, in TqValue right, SpanBatch batch, Regex? pattern)
    {
        // A missing value compares false with everything; `= nil` / `!= nil` are NilCheckNode.
        if (left.IsNil || right.IsNil) return false;
        if (left.IsNumeric && right.IsNumeric)
        {
            int order;
            if (left.Kind != TqKind.Float && right.Kind != TqKind.Float) order = left.Int.CompareTo(right.Int);
            else
            {
                var l = left.AsDouble;
                var r = right.AsDouble;
                if (double.IsNaN(l) || double.IsNaN(r)) return op == FieldOp.NotEqual;
                order = l.CompareTo(r);
            }
            return Order(op, order);
        }
        if (left.Kind == TqKind.String && right.Kind == TqKind.String)
        {
            Span<byte> leftScratch = stackalloc byte[32];
            Span<byte> rightScratch = stackalloc byte[32];
            var l = left.Utf8(batch, leftScratch);
            if (op is FieldOp.Regex or FieldOp.NotRegex)
            {
                var regex = pattern ?? CompilePattern(Encoding.UTF8.GetString(right.Utf8(batch, rightScratch)));
                var isMatch = IsMatch(regex, l);
                return op == FieldOp.Regex ? isMatch : !isMatch;
            }
            return Order(op, l.SequenceCompareTo(right.Utf8(batch, rightScratch)));
        }
        if (left.Kind != right.Kind || left.Kind is TqKind.Other) return false;
        // Bool, status, kind: equality only.
        return op switch
        {
            FieldOp.Equal => left.Int == right.Int,
            FieldOp.NotEqual => left.Int != right.Int,
            _ => false,
        };
    }

    private static bool Order(FieldOp op, int order) => op switch
    {
        FieldOp.Equal => order == 0,
        FieldOp.NotEqual => order != 0,
        FieldOp.Less => order < 0,
        FieldOp.LessEqual => order <= 0,
        FieldOp.Greater => order > 0,
        FieldOp.GreaterEqual => order >= 0,
        _ => false,
    };

    public static bool IsMatch(Regex regex, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= 256)
        {
            Span<char> chars = stackalloc char[utf8.Length];
            var n = Encoding.UTF8.GetChars(utf8, chars);
            return regex.IsMatch(chars[..n]);
        }
        var rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var n = Encoding.UTF8.GetChars(utf8, rented);
            return regex.IsMatch(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Arithmetic: nil or non-numbers give nil; a float operand makes a float; otherwise a
    /// duration operand keeps the result a duration. <c>/</c> of two ints is a float (as Tempo's
    /// numbers are compared), division or modulo by zero is nil.
    /// </summary>
    public static TqValue Arithmetic(FieldOp op, in TqValue left, in TqValue right)
    {
        if (!left.IsNumeric || !right.IsNumeric) return TqValue.Nil;
        var isFloat = left.Kind == TqKind.Float || right.Kind == TqKind.Float || op == FieldOp.Power
            || (op == FieldOp.Divide && left.Kind == TqKind.Int && right.Kind == TqKind.Int);
        if (isFloat)
        {
            var l = left.AsDouble;
            var r = right.AsDouble;
            var result = op switch
            {
                FieldOp.Add => l + r,
                FieldOp.Subtract => l - r,
                FieldOp.Multiply => l * r,
                FieldOp.Divide => r == 0 ? double.NaN : l / r,
                FieldOp.Modulo => r == 0 ? double.NaN : l % r,
                FieldOp.Power => Math.Pow(l, r),
                _ => double.NaN,
            };
            return double.IsNaN(result) ? TqValue.Nil : TqValue.OfFloat(result);
        }
        var a = left.Int;
        var b = right.Int;
        if (op is FieldOp.Divide or FieldOp.Modulo && b == 0) return TqValue.Nil;
        var value = op switch
        {
            FieldOp.Add => unchecked(a + b),
            FieldOp.Subtract => unchecked(a - b),
            FieldOp.Multiply => unchecked(a * b),
            FieldOp.Divide => a / b,
            FieldOp.Modulo => a % b,
            _ => 0,
        };
        return left.Kind == TqKind.Duration || right.Kind == TqKind.Duration ? TqValue.OfDuration(value) : TqValue.OfInt(value);
    }
}
