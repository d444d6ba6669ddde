using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Orrery.Api.Tempo.Otlp;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Ui.Analysis;
using Orrery.Ui.Tests.Support;

namespace Orrery.Ui.Tests.Analysis;

/// <summary>
/// <c>/api/ui/traces/{id}</c> (the trace page's columnar shape) against Tempo's JSON of the same
/// trace: the page's model built from either must be the same, and its analysis the analysis endpoint's.
/// </summary>
public class CompactTraceJsonTests
{
    private static readonly TraceId Trace = new(0x0af7651916cd43dd, 0x8448eb211c80319c);
    private const long T0 = 1_700_000_000_123_456_789;

    [Fact]
    public async Task The_page_builds_the_same_model_from_the_compact_shape_as_from_tempo_json()
    {
        var batch = HandBuiltTrace();
        await using var server = await UiTestServer.StartAsync(new OneTraceReader(batch));
        var directory = Directory.CreateTempSubdirectory("orrery-compact-");
        try
        {
            var tempo = Path.Combine(directory.FullName, "tempo.json");
            await File.WriteAllBytesAsync(tempo, TempoJson(batch));
            var compact = Path.Combine(directory.FullName, "compact.json");
            await File.WriteAllTextAsync(compact, await GetOkAsync(server, $"/api/ui/traces/{Trace.ToHex()}"));
            var analysis = Path.Combine(directory.FullName, "analysis.json");
            await File.WriteAllTextAsync(analysis, await GetOkAsync(server, $"/api/ui/traces/{Trace.ToHex()}/analysis"));

            var (exitCode, output) = await RunNodeAsync("tests/Orrery.Ui.Tests/js/support/compare-trace-models.mjs", tempo, compact, analysis);
            Assert.True(exitCode == 0, output);
            Assert.Contains($"agree: {batch.Count} spans", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Spans_come_in_start_order_with_parent_indices_and_times_from_the_first_start()
    {
        await using var server = await UiTestServer.StartAsync(new OneTraceReader(HandBuiltTrace()));
        using var json = JsonDocument.Parse(await GetOkAsync(server, $"/api/ui/traces/{Trace.ToHex()}"));
        var root = json.RootElement;
        var strings = root.GetProperty("strings").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var names = root.GetProperty("name").EnumerateArray().Select(e => strings[e.GetInt32()]).ToArray();
        Assert.Equal(["GET /cart", "connect", "SELECT carts", "orphan", "tie-a", "tie-b", "no-service"], names);
        Assert.Equal([-1, 2, 0, -1, 0, 0, 0], root.GetProperty("parent").EnumerateArray().Select(e => e.GetInt32()));
        // Starts are sent as differences from the span before (from origin for the first).
        Assert.Equal([0L, 5_000_000, 5_000_000, 2_000_000, 48_000_000, 0, 10_000_000], root.GetProperty("startDelta").EnumerateArray().Select(e => e.GetInt64()));
        // Only the orphan (index 3) carries its parent's id; the others' is their parent's own id.
        Assert.Equal(["3", "0000000000009999"], root.GetProperty("parentIds").EnumerateArray().Select(e => e.ToString()));
        Assert.Equal([T0 / 1_000_000_000, T0 % 1_000_000_000], root.GetProperty("origin").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(7 * 16, root.GetProperty("spanIds").GetString()!.Length);
        Assert.Equal(7, root.GetProperty("analysis").GetProperty("spanCount").GetInt32());
    }

    [Fact]
    public async Task A_missing_trace_is_404_and_a_malformed_id_400()
    {
        await using var server = await UiTestServer.StartAsync(new OneTraceReader(HandBuiltTrace()));
        using var missing = await server.Client.GetAsync("/api/ui/traces/00000000000000000000000000000001");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var malformed = await server.Client.GetAsync("/api/ui/traces/not-hex");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public void The_start_up_warm_up_runs_the_whole_trace_path() => AnalysisWarmUp.Run();

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(2.0, "2")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    public void Doubles_read_as_javascript_prints_them(double value, string expected) =>
        Assert.Equal(expected, AttributeText.JavaScriptNumber(value));

    private static async Task<string> GetOkAsync(UiTestServer server, string path)
    {
        using var response = await server.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static byte[] TempoJson(SpanBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("batches");
            OtlpTraceJsonWriter.WriteResourceSpansArray(writer, batch, OtlpJsonStyle.Tempo);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = JsModuleTests.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        return (node.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// Three resources (one without service.name), every attribute value kind, an event, a link, an
    /// error, a child that starts before its parent, an orphan, two spans starting together, and
    /// rows not in start order.
    /// </summary>
    private static SpanBatch HandBuiltTrace()
    {
        var b = new SpanBatch();
        var api = Resource(b, ("service.name", S(b, "api")), ("cloud.region", S(b, "eu-west")));
        var db = Resource(b, ("service.name", S(b, "db")), ("process.pid", AnyValueRow.FromInt(4242)));
        var anonymous = Resource(b, ("host.name", S(b, "box")));
        var apiScope = b.Scopes.Add(new ScopeRow { Resource = api, Name = b.Bytes.Append("lib"), Version = b.Bytes.Append("1.0") });
        var dbScope = b.Scopes.Add(new ScopeRow { Resource = db, Name = b.Bytes.Append("sql") });
        var anonymousScope = b.Scopes.Add(new ScopeRow { Resource = anonymous });

        // Rows deliberately out of start order.
        Span(b, dbScope, 3, 2, "connect", 5, 20, SpanKind.Client);
        var select = Span(b, dbScope, 2, 1, "SELECT carts", 10, 50, SpanKind.Client, StatusCode.Error, "timeout");
        ref var selectRow = ref b.Spans[select];
        selectRow.Attributes = Attributes(b, b.SpanAttributes,
            ("db.statement", S(b, "select * from carts")), ("rows", AnyValueRow.FromInt(-12)), ("ratio", AnyValueRow.FromDouble(1.5)),
            ("huge", AnyValueRow.FromDouble(1e21)), ("tiny", AnyValueRow.FromDouble(1e-7)), ("cached", AnyValueRow.FromBool(false)),
            ("raw", new AnyValueRow { Kind = ValueKind.Bytes, Bytes = b.Bytes.Append([0xDE, 0xAD, 0xBE, 0xEF]) }),
            // ArrayValue [ "a", 1 ] and KeyValueList { k: "v" } in their protobuf encoding.
            ("list", new AnyValueRow { Kind = ValueKind.Array, Bytes = b.Bytes.Append([0x0A, 0x03, 0x0A, 0x01, (byte)'a', 0x0A, 0x02, 0x18, 0x01]) }),
            ("map", new AnyValueRow { Kind = ValueKind.KvList, Bytes = b.Bytes.Append([0x0A, 0x08, 0x0A, 0x01, (byte)'k', 0x12, 0x03, 0x0A, 0x01, (byte)'v']) }),
            ("markup", S(b, "<script>alert(1)</script>")));
        var eventAttributes = Attributes(b, b.EventAttributes, ("attempt", AnyValueRow.FromInt(2)));
        selectRow.Events = new RowRange(b.Events.Add(new EventRow { TimeUnixNano = T0 + 20_000_000, Name = b.Bytes.Append("retry"), Attributes = eventAttributes }), 1);
        var linkAttributes = Attributes(b, b.LinkAttributes, ("reason", S(b, "batch")));
        selectRow.Links = new RowRange(b.Links.Add(new LinkRow { TraceId = new TraceId(1, 2), SpanId = new SpanId(0xABC), Attributes = linkAttributes }), 1);
        Span(b, apiScope, 1, 0, "GET /cart", 0, 100, SpanKind.Server);
        Span(b, apiScope, 0x20, 0x9999, "orphan", 12, 14, SpanKind.Internal);
        Span(b, apiScope, 0x31, 1, "tie-b", 60, 90, SpanKind.Internal);
        Span(b, apiScope, 0x30, 1, "tie-a", 60, 80, SpanKind.Producer);
        Span(b, anonymousScope, 0x40, 1, "no-service", 70, 75, SpanKind.Consumer);
        return b;
    }

    private static AnyValueRow S(SpanBatch b, string text) => AnyValueRow.FromString(b.Bytes.Append(text));

    private static int Resource(SpanBatch b, params (string Key, AnyValueRow Value)[] attributes) =>
        b.Resources.Add(new ResourceRow { Attributes = Attributes(b, b.ResourceAttributes, attributes) });

    private static RowRange Attributes(SpanBatch b, RowList<KeyValueRow> table, params (string Key, AnyValueRow Value)[] attributes)
    {
        var start = table.Count;
        foreach (var (key, value) in attributes) table.Add(new KeyValueRow { Key = b.Bytes.Append(key), Value = value });
        return new RowRange(start, attributes.Length);
    }

    private static int Span(SpanBatch b, int scope, ulong id, ulong parent, string name, long startMs, long endMs, SpanKind kind, StatusCode status = StatusCode.Unset, string message = "") =>
        b.Spans.Add(new SpanRow
        {
            Scope = scope,
            TraceId = Trace,
            SpanId = new SpanId(id),
            ParentSpanId = new SpanId(parent),
            Name = b.Bytes.Append(name),
            Kind = kind,
            StartUnixNano = T0 + (startMs * 1_000_000),
            EndUnixNano = T0 + (endMs * 1_000_000),
            StatusCode = status,
            StatusMessage = message.Length == 0 ? default : b.Bytes.Append(message),
        });

    private sealed class OneTraceReader(SpanBatch batch) : ITraceReader
    {
        public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range) => traceId == Trace ? batch : null;

        public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default) => [];

        public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit) => [];

        public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) => [];
    }
}
