using System.Buffers.Binary;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Orrery.Workload;

/// <summary>
/// A serialized export request that can be re-rendered with fresh ids and times without
/// re-encoding, so a load generator on the same 2 cores spends its time sending, not building.
/// Every trace id and span id is XOR-ed with a per-render key (which keeps parent links
/// consistent), and every timestamp is shifted by the same amount.
/// </summary>
public sealed class PayloadTemplate
{
    private readonly byte[] _bytes;
    private readonly int[] _traceIdOffsets;
    private readonly int[] _spanIdOffsets;
    private readonly int[] _timeOffsets;

    public PayloadTemplate(ExportTraceServiceRequest request)
    {
        _bytes = request.ToByteArray();
        var traceIds = new List<int>();
        var spanIds = new List<int>();
        var times = new List<int>();
        foreach (var rs in request.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    // Field tags precede the values: 0x0A (trace_id, len) 0x12 (span_id, len) 0x22 (parent_span_id, len),
                    // 0x39 / 0x41 (start / end, fixed64). Searching tag+length+value makes a false match impossible
                    // for random ids and vanishingly unlikely for nanosecond timestamps.
                    FindAll([0x0A, 16, .. span.TraceId.Span], 2, traceIds);
                    FindAll([0x12, 8, .. span.SpanId.Span], 2, spanIds);
                    if (!span.ParentSpanId.IsEmpty) FindAll([0x22, 8, .. span.ParentSpanId.Span], 2, spanIds);
                    FindAll([0x39, .. Fixed64(span.StartTimeUnixNano)], 1, times);
                    FindAll([0x41, .. Fixed64(span.EndTimeUnixNano)], 1, times);
                    foreach (var e in span.Events) FindAll([0x09, .. Fixed64(e.TimeUnixNano)], 1, times);
                }
            }
        }
        _traceIdOffsets = traceIds.Distinct().ToArray();
        _spanIdOffsets = spanIds.Distinct().ToArray();
        _timeOffsets = times.Distinct().ToArray();
        SpanCount = request.ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count));
    }

    public int Length => _bytes.Length;

    /// <summary>The hex trace id of the first trace as <see cref="Render"/> writes it for <paramref name="idKey"/>.</summary>
    public string FirstTraceIdHex(ulong idKey)
    {
        Span<byte> id = stackalloc byte[16];
        _bytes.AsSpan(_traceIdOffsets[0], 16).CopyTo(id);
        Xor(id[..8], idKey);
        Xor(id[8..], idKey);
        return Convert.ToHexStringLower(id);
    }

    public int SpanCount { get; }

    /// <summary>Writes the request with ids XOR-ed by <paramref name="idKey"/> and times shifted.</summary>
    public void Render(Span<byte> destination, ulong idKey, long timeShiftNanos)
    {
        _bytes.CopyTo(destination);
        foreach (var o in _traceIdOffsets)
        {
            Xor(destination.Slice(o, 8), idKey);
            Xor(destination.Slice(o + 8, 8), idKey);
        }
        foreach (var o in _spanIdOffsets) Xor(destination.Slice(o, 8), idKey);
        foreach (var o in _timeOffsets)
        {
            var t = BinaryPrimitives.ReadInt64LittleEndian(destination[o..]);
            BinaryPrimitives.WriteInt64LittleEndian(destination[o..], t + timeShiftNanos);
        }
    }

    private static void Xor(Span<byte> eight, ulong key)
    {
        var v = BinaryPrimitives.ReadUInt64LittleEndian(eight) ^ key;
        // A zero id is invalid in OTLP; keys are chosen so this cannot happen except by a 2^-64 chance.
        BinaryPrimitives.WriteUInt64LittleEndian(eight, v);
    }

    private static byte[] Fixed64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    private void FindAll(byte[] needle, int valueOffset, List<int> into)
    {
        var hay = _bytes.AsSpan();
        var at = 0;
        while (true)
        {
            var i = hay[at..].IndexOf(needle);
            if (i < 0) return;
            into.Add(at + i + valueOffset);
            at += i + 1;
        }
    }
}
