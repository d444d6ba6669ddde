using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Storage.Tests.Traces;

/// <summary>
/// Seeded random spans over small vocabularies, so that random conditions both hit and miss:
/// every attribute value kind (strings, some longer than the block dictionary takes, ints,
/// doubles that equal ints, bools), repeated keys, names, kinds, statuses, status messages,
/// durations and resources. Also random conditions over the same vocabularies and a reference
/// evaluation of them on decoded spans, with TraceQL's comparison rules.
/// </summary>
internal sealed class RandomSpans(int seed)
{
    public static readonly string[] Services = ["cart", "pay", "auth", "search"];
    public static readonly string[] Names = ["GET /a", "GET /b", "POST /c", "db", "zz"];
    public static readonly string[] Strings = ["alpha", "beta", "gamma", "delta", "omega", ""];
    public static readonly string[] Messages = ["", "timeout", "refused"];
    public static readonly string[] Keys = ["a", "b", "n", "f", "flag", "service.name", "absent"];
    public static readonly string LongString = new('L', 300);
    public const long T0 = 1_700_000_000_000_000_000;

    private readonly Random _random = new(seed);
    private ulong _nextSpan = 1;

    public SpanBatch NextBatch(int traces)
    {
        var b = new SpanBatch();
        for (var r = 0; r < Services.Length; r++)
        {
            var start = b.ResourceAttributes.Count;
            Attr(b.ResourceAttributes, b, "service.name", AnyValueRow.FromString(b.Bytes.Append(Services[r])));
            Attr(b.ResourceAttributes, b, "n", AnyValueRow.FromInt(r));
            if (r % 2 == 0) Attr(b.ResourceAttributes, b, "a", AnyValueRow.FromString(b.Bytes.Append(Strings[r])));
            var resource = b.Resources.Add(new ResourceRow { Attributes = new RowRange(start, b.ResourceAttributes.Count - start) });
            b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("lib" + r) });
        }
        for (var t = 0; t < traces; t++)
        {
            var trace = new TraceId((ulong)_random.NextInt64(), (ulong)_random.NextInt64());
            var spans = _random.Next(20) == 0 ? 70 : 1 + _random.Next(8);
            for (var s = 0; s < spans; s++) AddSpan(b, trace);
        }
        return b;
    }

    private void AddSpan(SpanBatch b, TraceId trace)
    {
        var start = b.SpanAttributes.Count;
        var count = _random.Next(5);
        for (var i = 0; i < count; i++) Attr(b.SpanAttributes, b, Pick(Keys[..5]), RandomValue(b));
        if (_random.Next(10) == 0) Attr(b.SpanAttributes, b, "service.name", AnyValueRow.FromString(b.Bytes.Append(Pick(Services))));
        var begin = T0 + _random.Next(1_000_000);
        b.Spans.Add(new SpanRow
        {
            Scope = _random.Next(Services.Length),
            TraceId = trace,
            SpanId = new SpanId(_nextSpan++),
            Name = b.Bytes.Append(Pick(Names)),
            Kind = (SpanKind)_random.Next(6),
            StatusCode = (StatusCode)_random.Next(3),
            StatusMessage = b.Bytes.Append(Pick(Messages)),
            StartUnixNano = begin,
            EndUnixNano = begin + _random.Next(1000),
            Attributes = new RowRange(start, b.SpanAttributes.Count - start),
        });
    }

    private AnyValueRow RandomValue(SpanBatch b) => _random.Next(6) switch
    {
        0 => AnyValueRow.FromString(b.Bytes.Append(_random.Next(10) == 0 ? LongString : Pick(Strings))),
        1 => AnyValueRow.FromInt(_random.Next(-3, 4)),
        2 => AnyValueRow.FromDouble(_random.Next(-6, 7) / 2.0),
        3 => AnyValueRow.FromBool(_random.Next(2) == 0),
        4 => new AnyValueRow { Kind = ValueKind.Bytes, Bytes = b.Bytes.Append([1, 2]) },
        _ => AnyValueRow.FromString(b.Bytes.Append(Pick(Strings))),
    };

    private static void Attr(RowList<KeyValueRow> table, SpanBatch b, string key, AnyValueRow value) =>
        table.Add(new KeyValueRow { Key = b.Bytes.Append(key), Value = value });

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    /// <summary>A random condition of the shapes the TraceQL pushdown produces (plus exists and !=).</summary>
    public SpanCondition NextCondition()
    {
        ConditionOperator[] ordered = [ConditionOperator.Equal, ConditionOperator.Less, ConditionOperator.LessOrEqual, ConditionOperator.Greater, ConditionOperator.GreaterOrEqual];
        switch (_random.Next(8))
        {
            case 0: return new(AttributeRef.Of(Intrinsic.Name, "name"), Pick(ordered), StaticValue.Of(Pick(Names.Append("GET /ab").ToArray())));
            case 1: return new(AttributeRef.Of(Intrinsic.Duration, "duration"), Pick(ordered), StaticValue.OfDuration(_random.Next(1100)));
            case 2:
                return new(AttributeRef.Of(Intrinsic.Status, "status"), Pick([ConditionOperator.Equal, ConditionOperator.NotEqual]),
                    new StaticValue(StaticKind.Status, _random.Next(3)));
            case 3:
                return new(AttributeRef.Of(Intrinsic.Kind, "kind"), Pick([ConditionOperator.Equal, ConditionOperator.NotEqual]),
                    new StaticValue(StaticKind.Kind, _random.Next(6)));
            case 4: return new(AttributeRef.Of(Intrinsic.StatusMessage, "statusMessage"), Pick(ordered), StaticValue.Of(Pick(Messages)));
            default:
                var scope = Pick([AttributeScope.Span, AttributeScope.Resource, AttributeScope.None]);
                var key = Pick(Keys);
                var literal = _random.Next(5) switch
                {
                    0 => StaticValue.Of(Pick(Strings.Concat(Services).ToArray())),
                    1 => StaticValue.Of((long)_random.Next(-3, 4)),
                    2 => StaticValue.Of(_random.Next(-6, 7) / 2.0),
                    3 => StaticValue.Of(_random.Next(2) == 0),
                    _ => default,
                };
                if (literal.Kind == StaticKind.None) return new(new AttributeRef(scope, key), ConditionOperator.Exists, literal);
                var op = literal.Kind == StaticKind.Bool ? ConditionOperator.Equal : Pick(ordered);
                return new(new AttributeRef(scope, key), op, literal);
        }
    }

    /// <summary>Whether span <paramref name="row"/> satisfies the condition, evaluated on the decoded span (unscoped: span or resource).</summary>
    public static bool Matches(SpanBatch b, int row, SpanCondition c)
    {
        ref var span = ref b.Spans[row];
        var v = c.Operand;
        switch (c.Attribute.Scope)
        {
            case AttributeScope.Intrinsic:
                return c.Attribute.Intrinsic switch
                {
                    Intrinsic.Name => Order(c.Operator, b.Utf8(span.Name).SequenceCompareTo(Encoding.UTF8.GetBytes(v.String!))),
                    Intrinsic.StatusMessage => Order(c.Operator, b.Utf8(span.StatusMessage).SequenceCompareTo(Encoding.UTF8.GetBytes(v.String!))),
                    Intrinsic.Duration => Order(c.Operator, span.DurationNano.CompareTo(v.Int)),
                    Intrinsic.Status => Order(c.Operator, ((long)span.StatusCode).CompareTo(v.Int)),
                    Intrinsic.Kind => Order(c.Operator, ((long)span.Kind).CompareTo(v.Int)),
                    _ => throw new NotSupportedException(),
                };
            case AttributeScope.Span:
                return Any(b, b.SpanAttributes, span.Attributes, c);
            case AttributeScope.Resource:
                return Any(b, b.ResourceAttributes, b.ResourceOf(row).Attributes, c);
            default:
                return Any(b, b.SpanAttributes, span.Attributes, c) || Any(b, b.ResourceAttributes, b.ResourceOf(row).Attributes, c);
        }
    }

    private static bool Any(SpanBatch b, RowList<KeyValueRow> table, RowRange range, SpanCondition c)
    {
        var key = Encoding.UTF8.GetBytes(c.Attribute.Name);
        for (var i = range.Start; i < range.Start + range.Count; i++)
        {
            if (b.Utf8(table[i].Key).SequenceEqual(key) && ValueMatches(b, table[i].Value, c)) return true;
        }
        return false;
    }

    /// <summary>TraceQL: strings with strings, numbers with numbers (ints and floats mixed), bools by equality; other pairings false.</summary>
    private static bool ValueMatches(SpanBatch b, AnyValueRow value, SpanCondition c)
    {
        if (c.Operator == ConditionOperator.Exists) return true;
        var v = c.Operand;
        return (value.Kind, v.Kind) switch
        {
            (ValueKind.String, StaticKind.String) => Order(c.Operator, b.Utf8(value.Bytes).SequenceCompareTo(Encoding.UTF8.GetBytes(v.String!))),
            (ValueKind.Int, StaticKind.Int) => Order(c.Operator, value.AsInt.CompareTo(v.Int)),
            (ValueKind.Int, StaticKind.Double) => Order(c.Operator, ((double)value.AsInt).CompareTo(v.Double)),
            (ValueKind.Double, StaticKind.Int) => Order(c.Operator, value.AsDouble.CompareTo(v.Int)),
            (ValueKind.Double, StaticKind.Double) => Order(c.Operator, value.AsDouble.CompareTo(v.Double)),
            (ValueKind.Bool, StaticKind.Bool) => c.Operator == ConditionOperator.Equal && value.AsBool == (v.Int != 0),
            _ => false,
        };
    }

    private static bool Order(ConditionOperator op, int order) => op switch
    {
        ConditionOperator.Equal => order == 0,
        ConditionOperator.NotEqual => order != 0,
        ConditionOperator.Less => order < 0,
        ConditionOperator.LessOrEqual => order <= 0,
        ConditionOperator.Greater => order > 0,
        ConditionOperator.GreaterOrEqual => order >= 0,
        _ => throw new NotSupportedException(),
    };
}
