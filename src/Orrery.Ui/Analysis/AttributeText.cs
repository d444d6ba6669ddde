using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using Orrery.Signals.Traces;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Ui.Analysis;

/// <summary>
/// Attribute values as the page shows them, the same text its Tempo-JSON path produces
/// (<c>anyValueText</c> in js/trace/model.js): numbers as JavaScript prints them, bytes in base64,
/// arrays as <c>[a, b]</c>, key-value lists as <c>{k: v}</c>.
/// </summary>
internal static class AttributeText
{
    private const int MaxDepth = 16;

    /// <summary>Adds the value's text to the table; strings (the common case) go in without a copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Add(Utf8StringTable table, SpanBatch batch, in AnyValueRow value) => value.Kind switch
    {
        ValueKind.String => table.Add(batch.Utf8(value.Bytes)),
        ValueKind.Bool => table.Add(value.AsBool ? "true" : "false"),
        ValueKind.Int => table.Add(value.AsInt.ToString(CultureInfo.InvariantCulture)),
        ValueKind.Double => table.Add(JavaScriptNumber(value.AsDouble)),
        ValueKind.Bytes => table.Add(Convert.ToBase64String(batch.Utf8(value.Bytes))),
        ValueKind.Array => table.Add(Nested(batch.Utf8(value.Bytes), keyValues: false)),
        ValueKind.KvList => table.Add(Nested(batch.Utf8(value.Bytes), keyValues: true)),
        _ => 0,
    };

    /// <summary>
    /// A double as JavaScript's <c>String(x)</c> prints it: the shortest digits that round-trip
    /// (which .NET's "R" also gives), placed by ECMAScript's Number::toString rules (plain up to
    /// 21 integer digits and down to 1e-6, exponent form outside).
    /// </summary>
    public static string JavaScriptNumber(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        if (value == 0) return "0";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        // Digits of the shortest form, without the point or exponent; n places the point: value = 0.d1d2… × 10^n.
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        var leadingZeros = mantissa.Replace(".", "", StringComparison.Ordinal).Length - digits.Length;
        digits = digits.TrimEnd('0');
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var n = (point < 0 ? mantissa.Length : point) - leadingZeros + (e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        var k = digits.Length;
        var sign = value < 0 ? "-" : "";
        if (k <= n && n <= 21) return sign + digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + digits;
        var exponent = n - 1;
        var exponentText = (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        return sign + (k == 1 ? digits : digits[..1] + "." + digits[1..]) + exponentText;
    }

    private static string Nested(ReadOnlySpan<byte> message, bool keyValues)
    {
        var text = new StringBuilder();
        AppendList(text, message, keyValues, 1);
        return text.ToString();
    }

    // message ArrayValue { repeated AnyValue values = 1; }  /  message KeyValueList { repeated KeyValue values = 1; }
    private static void AppendList(StringBuilder text, ReadOnlySpan<byte> message, bool keyValues, int depth)
    {
        text.Append(keyValues ? '{' : '[');
        var reader = new ProtoReader(message);
        var first = true;
        while (reader.TryReadTag(out var tag))
        {
            if (tag != (F.ValueList.Values << 3 | 2))
            {
                reader.SkipField(tag);
                continue;
            }
            if (!first) text.Append(", ");
            first = false;
            var element = reader.ReadBytes();
            if (keyValues) AppendKeyValue(text, element, depth);
            else AppendAnyValue(text, element, depth);
        }
        text.Append(keyValues ? '}' : ']');
    }

    // message KeyValue { string key = 1; AnyValue value = 2; }
    private static void AppendKeyValue(StringBuilder text, ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoReader(message);
        ReadOnlySpan<byte> key = default, value = default;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == (F.KeyValue.Key << 3 | 2)) key = reader.ReadBytes();
            else if (tag == (F.KeyValue.Value << 3 | 2)) value = reader.ReadBytes();
            else reader.SkipField(tag);
        }
        text.Append(Encoding.UTF8.GetString(key)).Append(": ");
        AppendAnyValue(text, value, depth);
    }

    // message AnyValue { oneof value { string = 1; bool = 2; int64 = 3; double = 4; ArrayValue = 5; KeyValueList = 6; bytes = 7; } }
    private static void AppendAnyValue(StringBuilder text, ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.AnyValue.StringValue << 3 | 2:
                    text.Append(Encoding.UTF8.GetString(reader.ReadBytes()));
                    break;
                case F.AnyValue.BoolValue << 3:
                    text.Append(reader.ReadBool() ? "true" : "false");
                    break;
                case F.AnyValue.IntValue << 3:
                    text.Append(((long)reader.ReadVarint64()).ToString(CultureInfo.InvariantCulture));
                    break;
                case F.AnyValue.DoubleValue << 3 | 1:
                    text.Append(JavaScriptNumber(reader.ReadDouble()));
                    break;
                case F.AnyValue.ArrayValue << 3 | 2 when depth < MaxDepth:
                    AppendList(text, reader.ReadBytes(), keyValues: false, depth + 1);
                    break;
                case F.AnyValue.KvlistValue << 3 | 2 when depth < MaxDepth:
                    AppendList(text, reader.ReadBytes(), keyValues: true, depth + 1);
                    break;
                case F.AnyValue.BytesValue << 3 | 2:
                    text.Append(Convert.ToBase64String(reader.ReadBytes()));
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
    }
}
