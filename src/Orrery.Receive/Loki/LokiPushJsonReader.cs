using System.Buffers.Text;
using System.Text.Json;
using Orrery.Receive.Otlp.Logs;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Loki;

/// <summary>
/// Decodes Loki's JSON push body into a <see cref="LogBatch"/>:
/// <code>{"streams":[{"stream":{"app":"api"},"values":[["1700000000000000000","line"],["…","line",{"trace_id":"…"}]]}]}</code>
/// Timestamps are nanoseconds since the epoch as a string (a JSON integer is accepted too);
/// the optional third element holds structured metadata with string values. A stream with
/// invalid labels is dropped with its lines and reported; malformed JSON or a value of the
/// wrong type throws <see cref="LokiPushFormatException"/> naming the byte offset.
/// </summary>
public static class LokiPushJsonReader
{
    public static LokiPushDecodeResult Read(ReadOnlySpan<byte> utf8Json, LogBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = new LogBatchMark(destination);
        var writer = new LokiStreamWriter(destination);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            ReadRequest(ref reader, writer);
        }
        catch (Exception e) when (e is JsonException or LokiPushFormatException or InvalidOperationException)
        {
            start.Restore(destination);
            if (e is LokiPushFormatException) throw;
            throw new LokiPushFormatException($"malformed JSON push request near byte {reader.BytesConsumed}: {e.Message}", e);
        }
        return writer.Result(start.Records);
    }

    private static void ReadRequest(ref Utf8JsonReader reader, LokiStreamWriter writer)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, "the request", "an object");
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isStreams = reader.ValueTextEquals("streams"u8);
            reader.Read();
            if (!isStreams || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }
            Expect(ref reader, JsonTokenType.StartArray, "streams", "an array");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ReadStream(ref reader, writer, index++);
        }
        if (reader.Read()) Fail(ref reader, "the request", "a single JSON object");
    }

    // { "stream": { name: value }, "values": [[ts, line, {metadata}?]] } — "stream" may follow "values".
    private static void ReadStream(ref Utf8JsonReader reader, LokiStreamWriter writer, int index)
    {
        Expect(ref reader, JsonTokenType.StartObject, "streams[]", "an object");
        var batch = writer.Batch;
        var arenaMark = batch.Bytes.Length;
        string? labelError = null;
        var values = default(Utf8JsonReader);
        var hasValues = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                labelError = ReadLabels(ref reader, writer.Labels, batch.Bytes);
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray, "values", "an array");
                values = reader;
                hasValues = true;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var stream = writer.EndLabels(index, labelError);
        if (!hasValues) return;
        if (stream < 0) batch.Bytes.Truncate(arenaMark);
        var rejected = 0;
        while (values.Read() && values.TokenType != JsonTokenType.EndArray)
        {
            if (stream < 0)
            {
                rejected++;
                values.Skip();
                continue;
            }
            ReadEntry(ref values, writer, stream);
        }
        writer.RejectLines(rejected);
    }

    /// <returns>Why the labels are invalid, or null; malformed JSON throws.</returns>
    private static string? ReadLabels(ref Utf8JsonReader reader, RowList<LabelRow> labels, ByteArena arena)
    {
        Expect(ref reader, JsonTokenType.StartObject, "stream", "an object");
        string? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = String(ref reader, arena);
            reader.Read();
            Expect(ref reader, JsonTokenType.String, "a label value", "a string");
            var value = String(ref reader, arena);
            if (!LokiLabelParser.IsValidName(arena.Get(name))) error ??= $"invalid label name '{arena.GetString(name)}'";
            labels.Add(new LabelRow { Name = name, Value = value });
        }
        return error;
    }

    // [ "<unix ns>", "<line>", { "name": "value" }? ]
    private static void ReadEntry(ref Utf8JsonReader reader, LokiStreamWriter writer, int stream)
    {
        Expect(ref reader, JsonTokenType.StartArray, "values[]", "an array [timestamp, line, metadata?]");
        var batch = writer.Batch;
        var metadataStart = batch.Metadata.Count;
        reader.Read();
        var timestamp = ReadTimestamp(ref reader);
        reader.Read();
        Expect(ref reader, JsonTokenType.String, "a line", "a string");
        var line = String(ref reader, batch.Bytes);
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = String(ref reader, batch.Bytes);
                reader.Read();
                Expect(ref reader, JsonTokenType.String, "a structured metadata value", "a string");
                var value = String(ref reader, batch.Bytes);
                if (!name.IsEmpty && !value.IsEmpty) batch.Metadata.Add(new LabelRow { Name = name, Value = value });
            }
            reader.Read();
        }
        else if (reader.TokenType == JsonTokenType.Null)
        {
            reader.Read();
        }
        Expect(ref reader, JsonTokenType.EndArray, "values[]", "an array of 2 or 3 elements");
        writer.AddEntry(stream, timestamp, line, metadataStart);
    }

    private static long ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) return n;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out long s, out var used) && used == reader.ValueSpan.Length) return s;
        Fail(ref reader, "a timestamp", "nanoseconds since the epoch as a string");
        return 0;
    }

    private static Utf8Ref String(ref Utf8JsonReader reader, ByteArena arena)
    {
        if (!reader.ValueIsEscaped) return arena.Append(reader.ValueSpan);
        // Unescaping only shrinks, so the escaped length is enough room.
        var room = arena.Reserve(reader.ValueSpan.Length, out var reference);
        var written = reader.CopyString(room);
        arena.Truncate(reference.Offset + written);
        return written == 0 ? default : new Utf8Ref(reference.Offset, written);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what, string expected)
    {
        if (reader.TokenType != type) Fail(ref reader, what, expected);
    }

    private static void Fail(ref Utf8JsonReader reader, string what, string expected) =>
        throw new LokiPushFormatException($"invalid JSON push request at byte {reader.TokenStartIndex}: {what} must be {expected}, found {reader.TokenType}");
}
