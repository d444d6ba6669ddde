using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orrery.Signals.Logs;

namespace Orrery.Generate.Logs;

/// <summary>
/// Writes a <see cref="LogBatch"/> as a Loki push request in JSON, records grouped by stream:
/// <code>{"streams":[{"stream":{"service_name":"cart"},"values":[["1700000000000000000","line",{"trace_id":"…"}]]}]}</code>
/// The third element of a value (structured metadata) is written only when the record has some.
/// One writer per worker: the returned body is valid until the next call.
/// </summary>
public sealed class LokiPushJsonWriter
{
    // Lines are sent as they are, not with quotes and '<' escaped as \u0022 and \u003C.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private int[] _order = new int[256];
    private int[] _starts = new int[16];

    public ReadOnlyMemory<byte> Write(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        GroupByStream(batch);
        _buffer.ResetWrittenCount();
        using var json = new Utf8JsonWriter(_buffer, Options);
        json.WriteStartObject();
        json.WriteStartArray("streams"u8);
        Span<byte> timestamp = stackalloc byte[20];
        for (var s = 0; s < batch.Streams.Count; s++)
        {
            if (_starts[s] == _starts[s + 1]) continue;
            json.WriteStartObject();
            json.WriteStartObject("stream"u8);
            foreach (ref readonly var label in batch.LabelsOf(s)) json.WriteString(batch.Utf8(label.Name), batch.Utf8(label.Value));
            json.WriteEndObject();
            json.WriteStartArray("values"u8);
            for (var i = _starts[s]; i < _starts[s + 1]; i++)
            {
                var r = _order[i];
                ref readonly var record = ref batch.Records[r];
                json.WriteStartArray();
                Utf8Formatter.TryFormat(record.TimestampNs, timestamp, out var n);
                json.WriteStringValue(timestamp[..n]);
                json.WriteStringValue(batch.Utf8(record.Line));
                if (record.Metadata.Count > 0)
                {
                    json.WriteStartObject();
                    foreach (ref readonly var m in batch.MetadataOf(r)) json.WriteString(batch.Utf8(m.Name), batch.Utf8(m.Value));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return _buffer.WrittenMemory;
    }

    // A counting sort of record rows by stream, keeping each stream's records in row (time) order.
    private void GroupByStream(LogBatch batch)
    {
        var streams = batch.Streams.Count;
        if (_starts.Length < streams + 1) _starts = new int[Math.Max(streams + 1, _starts.Length * 2)];
        if (_order.Length < batch.Count) _order = new int[Math.Max(batch.Count, _order.Length * 2)];
        Array.Clear(_starts, 0, streams + 1);
        var records = batch.Records.AsSpan();
        foreach (ref readonly var record in records) _starts[record.Stream + 1]++;
        for (var s = 0; s < streams; s++) _starts[s + 1] += _starts[s];
        Span<int> next = streams <= 256 ? stackalloc int[streams] : new int[streams];
        _starts.AsSpan(0, streams).CopyTo(next);
        for (var r = 0; r < records.Length; r++) _order[next[records[r].Stream]++] = r;
    }
}
