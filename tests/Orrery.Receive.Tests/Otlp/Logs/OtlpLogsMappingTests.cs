using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using Orrery.Receive.Otlp.Logs;
using Orrery.Signals.Logs;
using static Orrery.Receive.Tests.Otlp.Logs.OtlpLogSamples;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;

namespace Orrery.Receive.Tests.Otlp.Logs;

/// <summary>OTLP → Loki streams as Loki 3 maps them: which attributes are labels and which are structured metadata.</summary>
public class OtlpLogsMappingTests
{
    private static LogLine One(OpenTelemetry.Proto.Resource.V1.Resource resource, LogRecord record, OtlpLogsMapper? mapper = null)
    {
        var batch = new LogBatch();
        OtlpLogsReaderTests.Decode("protobuf", Request(resource, null, record), batch, mapper);
        return Assert.Single(LogBatchView.Lines(batch));
    }

    [Fact]
    public void Every_default_index_attribute_becomes_a_label_with_underscores()
    {
        var attributes = OtlpLogsOptions.LokiDefaultIndexLabelAttributes.Select(a => Kv(a, Str("v-" + a))).ToArray();

        var line = One(Resource([.. attributes, Kv("host.name", Str("h"))]), Record(Str("x")));

        Assert.Equal(
            OtlpLogsOptions.LokiDefaultIndexLabelAttributes.Select(a => a.Replace('.', '_')).Order(StringComparer.Ordinal),
            line.Labels.Select(l => l.Key));
        Assert.Equal("v-k8s.namespace.name", line.Label("k8s_namespace_name"));
        Assert.Equal("v-deployment.environment.name", line.Label("deployment_environment_name"));
        Assert.Equal("h", line.Meta("host_name"));
        Assert.Null(line.Meta("service_name"));
    }

    [Fact]
    public void A_resource_without_a_service_name_is_unknown_service()
    {
        var line = One(Resource(Kv("k8s.namespace.name", Str("prod"))), Record(Str("x")));

        Assert.Equal("{k8s_namespace_name=\"prod\", service_name=\"unknown_service\"}", line.LabelString);
    }

    [Fact]
    public void An_empty_service_name_is_unknown_service_too()
    {
        var line = One(Resource(Kv("service.name", Str(""))), Record(Str("x")));

        Assert.Equal("{service_name=\"unknown_service\"}", line.LabelString);
    }

    [Fact]
    public void The_index_list_is_configurable()
    {
        var mapper = new OtlpLogsMapper(new OtlpLogsOptions(["host.name", "service.name"]));

        var line = One(CheckoutResource(), Record(Str("x")), mapper);

        Assert.Equal("{host_name=\"node-3\", service_name=\"checkout\"}", line.LabelString);
        Assert.Equal("shop", line.Meta("service_namespace"));
        Assert.Equal("checkout-1", line.Meta("k8s_pod_name"));
    }

    [Fact]
    public void Non_string_resource_attributes_are_labels_as_text()
    {
        var mapper = new OtlpLogsMapper(new OtlpLogsOptions(["service.name", "process.pid"]));

        var line = One(CheckoutResource(), Record(Str("x")), mapper);

        Assert.Equal("4242", line.Label("process_pid"));
    }

    [Theory]
    [InlineData(SeverityNumber.Trace, "", "trace")]
    [InlineData(SeverityNumber.Trace4, "", "trace")]
    [InlineData(SeverityNumber.Debug, "", "debug")]
    [InlineData(SeverityNumber.Info, "whatever", "info")]
    [InlineData(SeverityNumber.Info4, "", "info")]
    [InlineData(SeverityNumber.Warn, "", "warn")]
    [InlineData(SeverityNumber.Error3, "", "error")]
    [InlineData(SeverityNumber.Fatal, "", "fatal")]
    [InlineData(SeverityNumber.Fatal4, "", "fatal")]
    [InlineData(SeverityNumber.Unspecified, "ERROR", "error")]
    [InlineData(SeverityNumber.Unspecified, "Warning", "warn")]
    [InlineData(SeverityNumber.Unspecified, "information", "info")]
    [InlineData(SeverityNumber.Unspecified, "dbg", "debug")]
    [InlineData(SeverityNumber.Unspecified, "critical", "fatal")]
    [InlineData(SeverityNumber.Unspecified, "", "unknown")]
    [InlineData(SeverityNumber.Unspecified, "verbose-ish", "unknown")]
    public void Detected_level_comes_from_the_severity(SeverityNumber number, string text, string expected)
    {
        var record = Record(Str("x"));
        record.SeverityNumber = number;
        record.SeverityText = text;

        var line = One(CheckoutResource(), record);

        Assert.Equal(expected, line.Meta("detected_level"));
        Assert.Equal(text.Length == 0 ? null : text, line.Meta("severity_text"));
        Assert.Equal((byte)number, line.Row.SeverityNumber);
    }

    [Theory]
    [InlineData("ERROR payment declined", "error")]
    [InlineData("{\"level\":\"warn\",\"msg\":\"x\"}", "warn")]
    [InlineData("plain text", "unknown")]
    public void Without_a_severity_the_level_comes_from_the_body(string body, string expected)
    {
        var line = One(CheckoutResource(), Record(Str(body)));

        Assert.Equal(expected, line.Meta("detected_level"));
    }

    [Fact]
    public void A_structured_body_with_a_level_field_gives_the_level()
    {
        var body = new AnyValue { KvlistValue = new KeyValueList() };
        body.KvlistValue.Values.Add(new KeyValue { Key = "level", Value = Str("debug") });
        body.KvlistValue.Values.Add(new KeyValue { Key = "msg", Value = Str("error budget ok") });

        var line = One(CheckoutResource(), Record(body));

        Assert.Equal("debug", line.Meta("detected_level"));
    }

    [Fact]
    public void Kvlist_attributes_are_flattened_and_other_values_rendered()
    {
        var record = Record(Str("x"));
        record.Attributes.Add(Kv("http.request", KvList(Kv("method", Str("GET")), Kv("header", KvList(Kv("x-id", Int(7)))))));
        record.Attributes.Add(Kv("tags", Array(Str("a"), Int(1))));
        record.Attributes.Add(Kv("ok", Bool(false)));
        record.Attributes.Add(Kv("ratio", Dbl(0.25)));
        record.Attributes.Add(Kv("blob", Bytes(0xff)));
        record.Attributes.Add(Kv("9lives", Str("cat")));
        record.Attributes.Add(Kv("empty", Str("")));

        var line = One(CheckoutResource(), record);

        Assert.Equal("GET", line.Meta("http_request_method"));
        Assert.Equal("7", line.Meta("http_request_header_x_id"));
        Assert.Equal("[\"a\",1]", line.Meta("tags"));
        Assert.Equal("false", line.Meta("ok"));
        Assert.Equal("0.25", line.Meta("ratio"));
        Assert.Equal("/w==", line.Meta("blob"));
        Assert.Equal("cat", line.Meta("key_9lives"));
        Assert.Null(line.Meta("empty"));
    }

    [Fact]
    public void Each_resource_is_its_own_stream_and_scopes_add_their_metadata()
    {
        var request = Request(CheckoutResource(), Scope(), Record(Str("a")), Record(Str("b")));
        var other = Request(Resource(Kv("service.name", Str("cart"))), null, Record(Str("c")));
        request.ResourceLogs.Add(other.ResourceLogs);
        var batch = new LogBatch();

        var result = OtlpLogsReaderTests.Decode("protobuf", request, batch);

        Assert.Equal(3, result.AcceptedRecords);
        var lines = LogBatchView.Lines(batch);
        Assert.Equal(2, batch.Streams.Count);
        Assert.Equal([0, 0, 1], lines.Select(l => l.Row.Stream));
        Assert.Equal("Shop.Checkout", lines[1].Meta("scope_name"));
        Assert.Null(lines[2].Meta("scope_name"));
        Assert.Equal("cart", lines[2].Label("service_name"));
    }
}
