using System.Text;
using IronSnappy;
using Orrery.Receive.Loki;
using Orrery.Receive.Tests.Otlp.Logs;
using Orrery.Signals.Logs;
using static Orrery.Receive.Tests.Loki.LokiPushSamples;

namespace Orrery.Receive.Tests.Loki;

public class LokiPushReaderTests
{
    private const long T0 = 1_700_000_000_123_456_789;

    [Fact]
    public void Protobuf_round_trip_with_structured_metadata()
    {
        var body = Snappied(
            Stream("{app=\"api\", env=\"prod\"}", Entry(T0, "GET /users 200", ("trace_id", "abc"), ("user", "u1")), Entry(T0 + 1, "second")),
            Stream("{app=\"db\"}", Entry(T0 + 2, "slow query")));
        var batch = new LogBatch();

        var result = LokiPushProtobufReader.Read(Snappy.Decode(body), batch);

        Assert.Equal(new LokiPushDecodeResult(3, 0, null), result);
        var lines = LogBatchView.Lines(batch);
        Assert.Equal(["GET /users 200", "second", "slow query"], lines.Select(l => l.Line));
        Assert.Equal([T0, T0 + 1, T0 + 2], lines.Select(l => l.TimestampNs));
        Assert.Equal("{app=\"api\", env=\"prod\", service_name=\"api\"}", lines[0].LabelString);
        Assert.Equal("{app=\"db\", service_name=\"db\"}", lines[2].LabelString);
        Assert.Equal([KeyValuePair.Create("trace_id", "abc"), KeyValuePair.Create("user", "u1"), KeyValuePair.Create("detected_level", "unknown")], lines[0].Metadata);
        Assert.Equal([KeyValuePair.Create("detected_level", "unknown")], lines[1].Metadata);
    }

    [Fact]
    public void Json_round_trip_with_structured_metadata()
    {
        const string json = """
            {"streams":[
              {"values":[["1700000000123456789","GET /users 200",{"trace_id":"abc","user":"u1"}],["1700000000123456790","second"]],
               "stream":{"env":"prod","app":"api"}},
              {"stream":{"app":"d\u00e9b"},"values":[[1700000000123456791,"line with \"quotes\"",null]]}
            ]}
            """;
        var batch = new LogBatch();

        var result = LokiPushJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);

        Assert.Equal(new LokiPushDecodeResult(3, 0, null), result);
        var lines = LogBatchView.Lines(batch);
        Assert.Equal(["GET /users 200", "second", "line with \"quotes\""], lines.Select(l => l.Line));
        Assert.Equal([T0, T0 + 1, T0 + 2], lines.Select(l => l.TimestampNs));
        Assert.Equal("{app=\"api\", env=\"prod\", service_name=\"api\"}", lines[0].LabelString);
        Assert.Equal("{app=\"déb\", service_name=\"déb\"}", lines[2].LabelString);
        Assert.Equal([KeyValuePair.Create("trace_id", "abc"), KeyValuePair.Create("user", "u1"), KeyValuePair.Create("detected_level", "unknown")], lines[0].Metadata);
    }

    [Fact]
    public void A_stream_with_bad_labels_is_dropped_and_the_rest_kept()
    {
        var body = Snappied(
            Stream("{app=\"api\"}", Entry(T0, "kept")),
            Stream("{app=api}", Entry(T0, "dropped 1"), Entry(T0, "dropped 2")),
            Stream("{a=\"1\", a=\"2\"}", Entry(T0, "dropped 3")));
        var batch = new LogBatch();

        var result = LokiPushProtobufReader.Read(Snappy.Decode(body), batch);

        Assert.Equal(1, result.AcceptedLines);
        Assert.Equal(3, result.RejectedLines);
        Assert.Equal("stream 1: invalid labels '{app=api}' at byte 5: expected a quoted label value; stream 2: duplicate label name 'a'", result.ErrorMessage);
        Assert.Equal("kept", Assert.Single(LogBatchView.Lines(batch)).Line);
        Assert.Equal(1, batch.Streams.Count);
    }

    [Fact]
    public void Json_labels_must_be_valid_names()
    {
        const string json = """{"streams":[{"stream":{"bad-name":"x"},"values":[["1","a"],["2","b"]]},{"stream":{"ok":"y"},"values":[["3","c"]]}]}""";
        var batch = new LogBatch();

        var result = LokiPushJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);

        Assert.Equal(new LokiPushDecodeResult(1, 2, "stream 0: invalid label name 'bad-name'"), result);
        Assert.Equal("c", Assert.Single(LogBatchView.Lines(batch)).Line);
    }

    [Theory]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"x\",\"line\"]]}]}", "invalid JSON push request at byte 43: a timestamp must be nanoseconds since the epoch as a string, found String")]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",2]]}]}", "invalid JSON push request at byte 47: a line must be a string, found Number")]
    [InlineData("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"l\",{\"k\":1}]]}]}", "invalid JSON push request at byte 56: a structured metadata value must be a string, found Number")]
    [InlineData("{\"streams\":{}}", "invalid JSON push request at byte 11: streams must be an array, found StartObject")]
    public void Malformed_json_names_the_byte_and_keeps_nothing(string json, string message)
    {
        var batch = new LogBatch();

        var e = Assert.Throws<LokiPushFormatException>(() => LokiPushJsonReader.Read(Encoding.UTF8.GetBytes(json), batch));

        Assert.Equal(message, e.Message);
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.Bytes.Length);
    }

    [Fact]
    public void Truncated_json_is_malformed()
    {
        var e = Assert.Throws<LokiPushFormatException>(() => LokiPushJsonReader.Read("{\"streams\":[{\"stream\":"u8, new LogBatch()));

        Assert.StartsWith("malformed JSON push request near byte", e.Message);
    }

    [Fact]
    public void Truncated_protobuf_is_malformed()
    {
        var payload = Snappy.Decode(Snappied(Stream("{a=\"b\"}", Entry(T0, "line"))));
        var batch = new LogBatch();

        var e = Assert.Throws<LokiPushFormatException>(() => LokiPushProtobufReader.Read(payload.AsSpan(0, payload.Length - 2), batch));

        Assert.StartsWith("malformed protobuf PushRequest: ", e.Message);
        Assert.Equal(0, batch.Bytes.Length);
    }

    [Theory]
    [InlineData("{job=\"varlogs\", app=\"api\"}", "{app=\"api\", job=\"varlogs\", service_name=\"api\"}")]
    [InlineData("{service_name=\"given\", app=\"api\"}", "{app=\"api\", service_name=\"given\"}")]
    [InlineData("{container=\"c\", k8s_job_name=\"j\"}", "{container=\"c\", k8s_job_name=\"j\", service_name=\"c\"}")]
    [InlineData("{host=\"h\"}", "{host=\"h\", service_name=\"unknown_service\"}")]
    public void Service_name_is_discovered_as_Loki_3_does(string labels, string expected)
    {
        var batch = new LogBatch();

        LokiPushProtobufReader.Read(Snappy.Decode(Snappied(Stream(labels, Entry(T0, "x")))), batch);

        Assert.Equal(expected, Assert.Single(LogBatchView.Lines(batch)).LabelString);
    }
}
