using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// One pushed-down condition evaluated on a page's encoded columns: for each span of the page,
/// whether it may satisfy the condition. Reads only the columns the condition is about.
/// </summary>
internal abstract class SpanColumnTest
{
    /// <summary>Sets <c>result[i]</c> for each of the page's spans, in page order.</summary>
    public abstract void Evaluate(PageData data, Span<bool> result);

    protected static ColumnCursor Open(PageData data, Column c) => new(data.Array(c, out var length), length, c);

    /// <summary>A condition the columns cannot judge: every span may satisfy it.</summary>
    public sealed class Always(bool value) : SpanColumnTest
    {
        public bool Value { get; } = value;

        public override void Evaluate(PageData data, Span<bool> result) => result.Fill(Value);
    }

    public sealed class Name(ConditionOperand operand) : SpanColumnTest
    {
        public override void Evaluate(PageData data, Span<bool> result)
        {
            var names = Open(data, Column.Names);
            for (var i = 0; i < result.Length; i++) result[i] = operand.MatchesId(names.ReadCount());
        }
    }

    public sealed class StatusMessage(ConditionOperand operand) : SpanColumnTest
    {
        public override void Evaluate(PageData data, Span<bool> result)
        {
            var messages = Open(data, Column.StatusMessages);
            for (var i = 0; i < result.Length; i++) result[i] = operand.MatchesStringRef(messages.ReadVarUInt());
        }
    }

    public sealed class Duration(ConditionOperand operand) : SpanColumnTest
    {
        public override void Evaluate(PageData data, Span<bool> result)
        {
            var durations = Open(data, Column.Durations);
            for (var i = 0; i < result.Length; i++) result[i] = operand.MatchesInt(durations.ReadVarInt());
        }
    }

    /// <summary>Kind (first byte of the pair) or status (second byte); equality and inequality only.</summary>
    public sealed class KindOrStatus(bool status, ConditionOperator op, long value) : SpanColumnTest
    {
        public override void Evaluate(PageData data, Span<bool> result)
        {
            var pairs = Open(data, Column.KindStatus);
            for (var i = 0; i < result.Length; i++)
            {
                var kind = pairs.ReadByte();
                var code = pairs.ReadByte();
                var v = status ? code : kind;
                result[i] = op == ConditionOperator.Equal ? v == value : v != value;
            }
        }
    }

    /// <summary>A condition on the span's resource (or scope), decided once per block scope.</summary>
    public sealed class ByScope(bool[] scopeMatches) : SpanColumnTest
    {
        public override void Evaluate(PageData data, Span<bool> result)
        {
            var scopes = Open(data, Column.Scopes);
            for (var i = 0; i < result.Length; i++)
            {
                var s = scopes.ReadCount();
                if ((uint)s >= (uint)scopeMatches.Length) throw new InvalidDataException($"scope {s} out of range");
                result[i] = scopeMatches[s];
            }
        }
    }

    /// <summary>
    /// A span attribute: walks the key and kind columns and only the value columns the literal's
    /// type can match (a string literal never reads ints, a number never reads strings).
    /// </summary>
    public sealed class SpanAttribute(int keySlot, ConditionOperand operand) : SpanColumnTest
    {
        public override void Evaluate(PageData data, Span<bool> result)
        {
            var counts = Open(data, Column.SpanAttrCounts);
            var keys = Open(data, Column.SpanAttrKeys);
            var kinds = Open(data, Column.SpanAttrKinds);
            var readStrings = operand.IsString;
            var readInts = operand.IsNumber || operand.IsBool;
            var readDoubles = operand.IsNumber;
            var strings = readStrings ? Open(data, Column.SpanAttrStrings) : default;
            var ints = readInts ? Open(data, Column.SpanAttrInts) : default;
            var doubles = readDoubles ? Open(data, Column.SpanAttrDoubles) : default;
            var exists = operand.IsExists;
            for (var i = 0; i < result.Length; i++)
            {
                var n = counts.ReadCount();
                var match = false;
                for (var a = 0; a < n; a++)
                {
                    var mine = keys.ReadCount() == keySlot;
                    var kind = (ValueKind)kinds.ReadByte();
                    switch (kind)
                    {
                        case ValueKind.String when readStrings:
                            var reference = strings.ReadVarUInt();
                            if (mine) match |= operand.MatchesStringRef(reference);
                            break;
                        case ValueKind.Int or ValueKind.Bool when readInts:
                            var scalar = ints.ReadVarInt();
                            if (mine) match |= operand.MatchesStored(kind, scalar, 0);
                            break;
                        case ValueKind.Double when readDoubles:
                            var bits = (long)doubles.ReadUInt64();
                            if (mine) match |= operand.MatchesStored(kind, bits, 0);
                            break;
                        default:
                            // A value of a kind the literal cannot match; bytes, lists and empty values match no comparison.
                            if (mine) match |= exists;
                            break;
                    }
                }
                result[i] = match;
            }
        }
    }

    /// <summary>Either test may hold (unscoped attributes: the span's, else the resource's).</summary>
    public sealed class Either(SpanColumnTest left, SpanColumnTest right) : SpanColumnTest
    {
        private bool[] _scratch = [];

        public override void Evaluate(PageData data, Span<bool> result)
        {
            left.Evaluate(data, result);
            if (_scratch.Length < result.Length) _scratch = new bool[result.Length];
            var other = _scratch.AsSpan(0, result.Length);
            right.Evaluate(data, other);
            for (var i = 0; i < result.Length; i++) result[i] |= other[i];
        }
    }
}
