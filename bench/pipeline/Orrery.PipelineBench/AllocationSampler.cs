using System.Diagnostics.Tracing;

namespace Orrery.PipelineBench;

/// <summary>
/// With <c>ORRERY_ALLOC_TYPES=1</c>: which types the timed runs allocate, from the runtime's
/// allocation-tick events (one per ~100 KB allocated, naming the type that crossed the mark), so
/// a B/span figure can be traced to its source. Off by default: the listener costs a little.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private readonly Dictionary<string, long> _bytes = [];
    private readonly Dictionary<string, int> _collections = [];
    private volatile bool _counting;

    public static AllocationSampler? FromEnvironment() => Environment.GetEnvironmentVariable("ORRERY_ALLOC_TYPES") == "1" ? new AllocationSampler() : null;

    public void Start() => _counting = true;

    public void Stop() => _counting = false;

    public void Print(long spans)
    {
        lock (_bytes)
        {
            Console.WriteLine("allocations by type (sampled every ~100 KB), B/span:");
            foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(15)) Console.WriteLine($"  {bytes / (double)spans,8:F1}  {type}");
            // Why each collection started (the runtime's GCStart reason: 0 small-object allocation, 4 large-object allocation, ...).
            Console.WriteLine("collections by generation and reason: " + string.Join(", ", _collections.OrderBy(p => p.Key).Select(p => $"{p.Key} ×{p.Value}")));
            _bytes.Clear();
            _collections.Clear();
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_counting || e.EventName is null || e.Payload is null) return;
        if (e.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            var key = $"gen{e.Payload[e.PayloadNames!.IndexOf("Depth")]} reason {e.Payload[e.PayloadNames.IndexOf("Reason")]}";
            lock (_bytes) _collections[key] = _collections.GetValueOrDefault(key) + 1;
            return;
        }
        if (!e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }
}
