using System.Text;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>Random spans for the metrics tests that compare two evaluation paths on the same data.</summary>
internal static class RandomMetricSpans
{
    /// <summary>Every trace starts within 50 s after this.</summary>
    public const long Start = 1_700_000_000_000_000_000;

    /// <summary>
    /// Traces of 1-12 spans over 5 services x 2 instances x 2 libraries; span attributes of every
    /// kind, each present on some spans only; with <paramref name="longStrings"/>, some "note"
    /// values longer than the dictionary takes (stored inline).
    /// </summary>
    public static SpanBatch Batch(Random random, int traces, bool longStrings = false)
    {
        var b = new SpanBatch();
        for (var r = 0; r < 10; r++)
        {
            var start = b.ResourceAttributes.Count;
            b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.name"), Value = AnyValueRow.FromString(b.Bytes.Append("svc" + (r / 2))) });
            b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.instance.id"), Value = AnyValueRow.FromString(b.Bytes.Append("i" + r)) });
            var count = 2;
            if (r % 3 != 0)
            {
                b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("tier"), Value = AnyValueRow.FromInt(r % 3) });
                count++;
            }
            var resource = b.Resources.Add(new ResourceRow { Attributes = new RowRange(start, count) });
            b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("lib.a") });
            b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("lib.b") });
        }
        string[] names = ["GET /", "POST /pay", "SELECT", "send"];
        long[] codes = [200, 200, 200, 404, 500];
        ulong spanId = (ulong)random.NextInt64(1, 1L << 40);
        for (var t = 0; t < traces; t++)
        {
            var trace = new TraceId((ulong)random.NextInt64(), (ulong)random.NextInt64());
            var traceStart = Start + random.NextInt64(50_000_000_000);
            var first = spanId;
            var n = 1 + random.Next(12);
            for (var s = 0; s < n; s++)
            {
                var attributes = b.SpanAttributes.Count;
                if (random.Next(4) != 0) Add(b, "http.method", AnyValueRow.FromString(b.Bytes.Append(random.Next(2) == 0 ? "GET" : "POST")));
                if (random.Next(3) != 0) Add(b, "http.status_code", AnyValueRow.FromInt(codes[random.Next(codes.Length)]));
                if (random.Next(3) == 0) Add(b, "ratio", AnyValueRow.FromDouble(random.Next(3) / 2.0));
                if (random.Next(3) == 0) Add(b, "flag", AnyValueRow.FromBool(random.Next(2) == 0));
                // Not drawn (the other attributes keep their random sequence): NaN next to the value 500.
                if (spanId % 7 == 0) Add(b, "score", AnyValueRow.FromDouble(double.NaN));
                else if (spanId % 7 == 1) Add(b, "score", AnyValueRow.FromDouble(500));
                if (random.Next(5) == 0) Add(b, "payload", new AnyValueRow { Kind = ValueKind.Bytes, Bytes = b.Bytes.Append("\u0001\u0002") });
                if (random.Next(4) == 0)
                {
                    var note = longStrings && random.Next(2) == 0 ? new string('n', 300) : "short" + random.Next(3);
                    Add(b, "note", AnyValueRow.FromString(b.Bytes.Append(note)));
                }
                var begin = traceStart + random.Next(5_000_000);
                b.Spans.Add(new SpanRow
                {
                    Scope = random.Next(20),
                    TraceId = trace,
                    SpanId = new SpanId(spanId),
                    ParentSpanId = s == 0 ? default : new SpanId(first + (ulong)random.Next(s)),
                    Name = b.Bytes.Append(names[random.Next(names.Length)]),
                    Kind = (SpanKind)(1 + random.Next(5)),
                    StatusCode = random.Next(10) == 0 ? StatusCode.Error : StatusCode.Unset,
                    StartUnixNano = begin,
                    EndUnixNano = begin + random.Next(50_000_000),
                    Attributes = new RowRange(attributes, b.SpanAttributes.Count - attributes),
                });
                spanId++;
            }
        }
        return b;
    }

    private static void Add(SpanBatch b, string key, AnyValueRow value) =>
        b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append(key), Value = value });

    /// <summary>A result as comparable text: one line per series, sorted by labels.</summary>
    public static string Text(MetricsResult r)
    {
        var text = new StringBuilder();
        foreach (var s in r.Series.OrderBy(s => s.PromLabels, StringComparer.Ordinal))
            text.Append(s.PromLabels).Append(": ").AppendJoin(',', s.Values).Append('\n');
        return text.ToString();
    }
}
