using Orrery.Generate.Traces;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.UiBench;

/// <summary>
/// A data directory `orrery serve --data` opens: traces/default/blocks (the single-tenant
/// layout) with realistic spans written straight into blocks, plus one block holding the
/// 10,000-span trace. Times are relative to when it is built, so the pages' "last hour" covers it;
/// a directory built earlier is reused while its spans (their first start is in the marker file)
/// are under 50 minutes old — older ones would drop out of the last hour while being measured.
/// </summary>
internal static class DataDirectory
{
    public static readonly TraceId BigTrace = new(0x0b16_7ace_0000_0000, 0x0000_0000_0001_0000);
    public const int BigTraceSpans = 10_000;

    // 2.5M spans per block: two blocks together pass the compactor's 4M-span input limit, so no
    // compaction runs while the pages are timed.
    private const int SpansPerBlock = 2_500_000;
    private const int SpansPerBatch = 10_000;

    public static void Build(string directory, long totalSpans)
    {
        var blocks = Path.Combine(directory, "traces", "default", "blocks");
        var marker = Path.Combine(directory, "built-at");
        var nowNanos = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L;
        if (File.Exists(marker) && long.TryParse(File.ReadAllText(marker), out var firstStart) && nowNanos - firstStart < 50L * 60 * 1_000_000_000)
        {
            Console.Error.WriteLine($"reusing {directory}");
            return;
        }
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(blocks);
        // 10M spans of `orrery gen`'s realistic shop cover the two minutes before now; building
        // them takes 5–25 minutes.
        var now = nowNanos;
        var dataStart = now - (2L * 60 * 1_000_000_000);
        var shape = new RealisticTraceShape(seed: 7);
        var batchStep = 2L * 60 * 1_000_000_000 / Math.Max(1, totalSpans / SpansPerBatch);
        var started = DateTime.UtcNow;
        var written = 0L;
        var batchStart = dataStart;
        while (written < totalSpans)
        {
            var batches = new List<SpanBatch>();
            var end = Math.Min(totalSpans, written + SpansPerBlock);
            while (written < end)
            {
                var batch = new SpanBatch();
                shape.Fill(batch, (int)Math.Min(SpansPerBatch, end - written), batchStart);
                batchStart += batchStep;
                written += batch.Count;
                batches.Add(batch);
            }
            TraceBlockWriter.Write(blocks, batches);
            Console.Error.WriteLine($"  {written:N0} spans in blocks ({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
        }
        TraceBlockWriter.Write(blocks, [BigTraceBatch(now - (60L * 1_000_000_000))]);
        File.WriteAllText(marker, dataStart.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// An import job: a root, 999 item spans in groups of ten under 100 stage spans, each item
    /// calling one of four services; 4 attributes per span, a few errors with an event each.
    /// </summary>
    private static SpanBatch BigTraceBatch(long start)
    {
        var b = new SpanBatch();
        string[] services = ["importer", "catalog", "pricing", "inventory", "search-indexer"];
        var scopes = new int[services.Length];
        for (var s = 0; s < services.Length; s++)
        {
            var attrStart = b.ResourceAttributes.Count;
            b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.name"), Value = AnyValueRow.FromString(b.Bytes.Append(services[s])) });
            b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("host.name"), Value = AnyValueRow.FromString(b.Bytes.Append($"node-{s}")) });
            var resource = b.Resources.Add(new ResourceRow { Attributes = new RowRange(attrStart, 2) });
            scopes[s] = b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("bench"), Version = b.Bytes.Append("1.0") });
        }
        var ms = 1_000_000L;
        Add(b, scopes[0], 1, 0, "import batch", start, start + (BigTraceSpans * ms) + (5 * ms), SpanKind.Server, 0);
        var stage = 0UL;
        for (var i = 2; i <= BigTraceSpans; i++)
        {
            var id = (ulong)i;
            var t = start + (i * ms);
            if (i % 10 == 2 || stage == 0)
            {
                stage = id;
                Add(b, scopes[0], id, 1, "import stage", t, t + (9 * ms) + (ms / 2), SpanKind.Internal, i);
                continue;
            }
            var service = 1 + (i % 4);
            Add(b, scopes[service], id, stage, i % 3 == 0 ? "GET /items/{id}" : "upsert item", t, t + (ms / 2) + (i % 7 * 50_000), SpanKind.Client, i);
        }
        return b;
    }

    private static void Add(SpanBatch b, int scope, ulong id, ulong parent, string name, long start, long end, SpanKind kind, int i)
    {
        var attrStart = b.SpanAttributes.Count;
        b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("item.id"), Value = AnyValueRow.FromInt(i) });
        b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("item.sku"), Value = AnyValueRow.FromString(b.Bytes.Append($"SKU-{i * 7919 % 100_000:D5}")) });
        b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("http.method"), Value = AnyValueRow.FromString(b.Bytes.Append(i % 3 == 0 ? "GET" : "PUT")) });
        b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("retry"), Value = AnyValueRow.FromBool(i % 50 == 0) });
        var error = i % 97 == 0;
        var events = new RowRange(b.Events.Count, 0);
        if (error) events = new RowRange(b.Events.Add(new EventRow { TimeUnixNano = start + 100_000, Name = b.Bytes.Append("exception") }), 1);
        b.Spans.Add(new SpanRow
        {
            Scope = scope,
            TraceId = BigTrace,
            SpanId = new SpanId(id),
            ParentSpanId = new SpanId(parent),
            Name = b.Bytes.Append(name),
            Kind = kind,
            StartUnixNano = start,
            EndUnixNano = end,
            Attributes = new RowRange(attrStart, 4),
            Events = events,
            StatusCode = error ? StatusCode.Error : StatusCode.Unset,
            StatusMessage = error ? b.Bytes.Append("upstream timeout") : default,
        });
    }
}
