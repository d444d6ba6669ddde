using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.Tests.LogQL;

/// <summary>Log queries over a small fixed data set; expected results worked out by hand.</summary>
public class LogQueryTests
{
    internal const long S = 1_000_000_000;
    internal const string TraceA = "0af7651916cd43dd8448eb211c80319c";
    internal const string TraceB = "4bf92f3577b34da6a3ce929d0e0e4736";

    internal static readonly LabelSet Api = LabelSet.From(("app", "api"), ("env", "prod"));
    internal static readonly LabelSet Web = LabelSet.From(("app", "web"), ("env", "prod"));
    internal static readonly LabelSet Db = LabelSet.From(("app", "db"), ("env", "dev"));
    internal static readonly LabelSet Packed = LabelSet.From(("app", "packed"));

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(Api, 1 * S, """level=info msg="started" status=200 latency=120ms size=1KB""")
        .Add(Api, 2 * S, """level=error msg="boom" status=500 latency=1.5s size=2KB""")
        .Add(Api, 3 * S, """level=warn msg="slow" status=404 latency=300ms size=512B""")
        .Add(Web, 1500_000_000, """{"level":"info","req":{"method":"GET","path":"/a"},"dur":0.2,"tags":["x"],"ok":true}""", ("trace_id", TraceA), ("detected_level", "info"))
        .Add(Web, 2500_000_000, """{"level":"error","req":{"method":"POST","path":"/b"},"dur":1.0,"ok":null}""", ("trace_id", TraceB), ("detected_level", "error"))
        .Add(Web, 3500_000_000, "not json")
        .Add(Db, 2 * S, "\u001b[31mERROR\u001b[0m disk full")
        .Add(Packed, 1 * S, """{"_entry":"hello","job":"x","n":1}""");

    private StreamsResult Run(string query, LogDirection direction = LogDirection.Forward, int limit = 100, LogQLLimits? limits = null) =>
        Assert.IsType<StreamsResult>(new LogQLEngine(_reader, limits).Execute("default", new LogQLRequest(query, 0, 10 * S, S, direction, limit)));

    private static long[] Times(StreamsResult result) => result.Entries.Select(e => e.TimestampNs).ToArray();

    private static string[] Lines(StreamsResult result) => result.Entries.Select(e => e.Line).ToArray();

    [Fact]
    public void Backward_returns_the_newest_lines_across_streams_up_to_the_limit()
    {
        var result = Run("""{env="prod"}""", LogDirection.Backward, limit: 3);

        Assert.Equal([3500_000_000, 3 * S, 2500_000_000], Times(result));
    }

    [Fact]
    public void Forward_returns_the_oldest_lines_first()
    {
        var result = Run("""{env="prod"}""", LogDirection.Forward, limit: 3);

        Assert.Equal([1 * S, 1500_000_000, 2 * S], Times(result));
        Assert.Equal(Api, result.Entries[0].Labels);
    }

    [Fact]
    public void End_is_exclusive_for_log_queries()
    {
        var result = Assert.IsType<StreamsResult>(new LogQLEngine(_reader).Execute("default", new LogQLRequest("""{app="api"}""", 1 * S, 3 * S, S, LogDirection.Forward, 10)));

        Assert.Equal([1 * S, 2 * S], Times(result));
    }

    [Theory]
    [InlineData("""{app="api"} |= "error" """, new long[] { 2 })]
    [InlineData("""{app="api"} != "boom" """, new long[] { 1, 3 })]
    [InlineData("""{app="api"} |~ "status=(4|5)\\d\\d" """, new long[] { 2, 3 })]
    [InlineData("""{app="api"} !~ "status=(4|5)\\d\\d" """, new long[] { 1 })]
    [InlineData("""{app="api"} |= "started" or "slow" """, new long[] { 1, 3 })]
    [InlineData("""{app="api"} != "started" or "slow" """, new long[] { 2 })]
    [InlineData("""{app="api"} |= "level" |= "status=" != "warn" """, new long[] { 1, 2 })]
    [InlineData("""{app="api"} |~ "(?i)BOOM" """, new long[] { 2 })]
    [InlineData("""{app="api"} | logfmt | status>=400""", new long[] { 2, 3 })]
    [InlineData("""{app="api"} | logfmt | status==200""", new long[] { 1 })]
    [InlineData("""{app="api"} | logfmt | latency>250ms""", new long[] { 2, 3 })]
    [InlineData("""{app="api"} | logfmt | size>=1KB""", new long[] { 1, 2 })]
    [InlineData("""{app="api"} | logfmt | size<1KiB""", new long[] { 1, 3 })]
    [InlineData("""{app="api"} | logfmt | level="error" or status==404""", new long[] { 2, 3 })]
    [InlineData("""{app="api"} | logfmt | level=~"e.*|w.*", status<450""", new long[] { 3 })]
    [InlineData("""{app="api"} | logfmt | (level="info" or level="warn") and latency<200ms""", new long[] { 1 })]
    [InlineData("""{app="api"} | logfmt | missing>1""", new long[] { })]
    [InlineData("""{app="api"} | regexp "status=(?P<code>\\d+)" | code="404" """, new long[] { 3 })]
    public void Filters_select_the_lines_worked_out_by_hand(string query, long[] seconds)
    {
        Assert.Equal(seconds.Select(s => s * S).ToArray(), Times(Run(query.TrimEnd())));
    }

    [Fact]
    public void Logfmt_extracts_every_pair_and_keeps_stream_labels()
    {
        var entry = Run("""{app="api"} | logfmt""").Entries[1];

        Assert.Equal(
            LabelSet.From(("app", "api"), ("env", "prod"), ("latency", "1.5s"), ("level", "error"), ("msg", "boom"), ("size", "2KB"), ("status", "500")),
            entry.Labels);
        Assert.Equal(Api, entry.StreamLabels);
        Assert.Equal(5, entry.Parsed.Count);
    }

    [Fact]
    public void Logfmt_parameters_extract_only_the_named_keys()
    {
        var entry = Run("""{app="api"} | logfmt code="status", m="msg" """.TrimEnd()).Entries[0];

        Assert.Equal(LabelSet.From(("code", "200"), ("m", "started")), entry.Parsed);
    }

    [Fact]
    public void Logfmt_strict_marks_malformed_lines_and_lenient_skips_the_bad_pair()
    {
        _reader.Add(LabelSet.From(("app", "bad")), 1 * S, "a=1 =oops b=2");

        var strict = Run("""{app="bad"} | logfmt --strict""").Entries[0];
        var lenient = Run("""{app="bad"} | logfmt""").Entries[0];

        Assert.Equal("LogfmtParserErr", strict.Labels.Get("__error__"));
        Assert.Equal(LabelSet.From(("a", "1"), ("b", "2")), lenient.Parsed);
    }

    [Fact]
    public void Json_flattens_nested_objects_skips_arrays_and_marks_non_json_lines()
    {
        var result = Run("""{app="web"} | json""");

        Assert.Equal(
            LabelSet.From(("dur", "0.2"), ("level", "info"), ("ok", "true"), ("req_method", "GET"), ("req_path", "/a")),
            result.Entries[0].Parsed);
        Assert.Equal(LabelSet.From(("dur", "1.0"), ("level", "error"), ("req_method", "POST"), ("req_path", "/b")), result.Entries[1].Parsed);
        Assert.Equal("JSONParserErr", result.Entries[2].Labels.Get("__error__"));
        Assert.True(result.Entries[2].Labels.Has("__error_details__"));
    }

    [Fact]
    public void Error_label_filter_drops_lines_a_parser_could_not_read()
    {
        Assert.Equal([1500_000_000, 2500_000_000], Times(Run("""{app="web"} | json | __error__="" """.TrimEnd())));
        Assert.Equal([3500_000_000], Times(Run("""{app="web"} | json | __error__="JSONParserErr" """.TrimEnd())));
    }

    [Fact]
    public void Json_parameters_follow_paths_and_render_objects_as_json()
    {
        var entry = Run("""{app="web"} | json m="req.method", r="req", t="tags[0]", missing="nope.x" """.TrimEnd()).Entries[0];

        Assert.Equal(LabelSet.From(("m", "GET"), ("r", """{"method":"GET","path":"/a"}"""), ("t", "x")), entry.Parsed);
    }

    [Fact]
    public void A_parsed_label_that_collides_with_a_stream_label_is_renamed_extracted()
    {
        _reader.Add(LabelSet.From(("app", "clash")), 1 * S, "app=other");

        var entry = Run("""{app="clash"} | logfmt""").Entries[0];

        Assert.Equal(LabelSet.From(("app", "clash"), ("app_extracted", "other")), entry.Labels);
    }

    [Fact]
    public void Pattern_captures_named_fields_and_skips_underscores()
    {
        var entry = Run("""{app="api"} | pattern "level=<lvl> msg=<_> status=<status> <_>" """.TrimEnd()).Entries[0];

        Assert.Equal(LabelSet.From(("lvl", "info"), ("status", "200")), entry.Parsed);
    }

    [Fact]
    public void Unpack_replaces_the_line_with_entry_and_adds_string_fields()
    {
        var entry = Run("""{app="packed"} | unpack""").Entries[0];

        Assert.Equal("hello", entry.Line);
        Assert.Equal(LabelSet.From(("job", "x")), entry.Parsed);
    }

    [Fact]
    public void Line_format_renders_labels_through_functions()
    {
        var result = Run("""{app="api"} | logfmt | line_format `{{.level | ToUpper}}: {{.msg}} ({{div .status 100}}xx) {{ printf "%.1f" (divf .status 3) }}`""");

        Assert.Equal(["INFO: started (2xx) 66.7", "ERROR: boom (5xx) 166.7", "WARN: slow (4xx) 134.7"], Lines(result));
    }

    [Fact]
    public void Line_format_then_line_filter_sees_the_new_line()
    {
        Assert.Equal(["boom"], Lines(Run("""{app="api"} | logfmt | line_format "{{.msg}}" |= "oo" """.TrimEnd())));
    }

    [Fact]
    public void Label_format_renames_and_templates()
    {
        var entry = Run("""{app="api"} | logfmt | label_format lvl=level, code="{{.status}}!", app="{{.app}}-x" | keep app, lvl, code""").Entries[0];

        Assert.Equal(LabelSet.From(("app", "api-x"), ("code", "200!"), ("lvl", "info")), entry.Labels);
    }

    [Fact]
    public void Drop_removes_labels_by_name_and_by_matcher()
    {
        var result = Run("""{app="api"} | logfmt | drop env, msg, latency, size, level="warn" """.TrimEnd());

        Assert.Equal(LabelSet.From(("app", "api"), ("level", "info"), ("status", "200")), result.Entries[0].Labels);
        Assert.Equal(LabelSet.From(("app", "api"), ("status", "404")), result.Entries[2].Labels);
    }

    [Fact]
    public void Decolorize_strips_ansi_escapes()
    {
        Assert.Equal(["ERROR disk full"], Lines(Run("""{app="db"} | decolorize""")));
    }

    [Fact]
    public void Structured_metadata_is_visible_to_label_filters_and_reported_apart()
    {
        var result = Run("""{env="prod"} | detected_level="error" """.TrimEnd());

        var entry = Assert.Single(result.Entries);
        Assert.Equal(2500_000_000, entry.TimestampNs);
        Assert.Equal(Web, entry.StreamLabels);
        Assert.Equal(LabelSet.From(("detected_level", "error"), ("trace_id", TraceB)), entry.StructuredMetadata);
        Assert.Equal(LabelSet.From(("app", "web"), ("detected_level", "error"), ("env", "prod"), ("trace_id", TraceB)), entry.Labels);
    }

    [Fact]
    public void Trace_id_filter_is_pushed_to_storage_and_still_applied()
    {
        var result = Run($$"""{env=~".+"} | trace_id="{{TraceA}}" """.TrimEnd());

        Assert.Equal([1500_000_000], Times(result));
        Assert.Equal(Signals.TraceId.ParseHex(TraceA), Assert.Single(_reader.Requests).TraceId);
    }

    [Fact]
    public void Literal_line_filters_before_any_rewrite_are_pushed_as_required_substrings()
    {
        Run("""{app="api"} |= "boom" |= "level" or "x" != "warn" | line_format "{{.a}}" |= "after" """.TrimEnd());

        var request = Assert.Single(_reader.Requests);
        Assert.Equal(["boom"], request.RequiredSubstrings!.Select(b => System.Text.Encoding.UTF8.GetString(b)));
        Assert.Null(request.TraceId);
    }

    [Theory]
    [InlineData("4bf92f3577b34da6", true)]
    [InlineData("payment declined", true)]
    [InlineData("4bf9.*", false)]
    [InlineData("boom|bang", false)]
    [InlineData("(?i)boom", false)]
    [InlineData("a[0-9]", false)]
    public void A_regex_line_filter_without_metacharacters_is_pushed_as_a_required_substring(string pattern, bool pushed)
    {
        Run($$"""{app="api"} |~ "{{pattern}}" """.TrimEnd());

        var required = Assert.Single(_reader.Requests).RequiredSubstrings?.Select(b => System.Text.Encoding.UTF8.GetString(b));
        if (pushed) Assert.Equal([pattern], required!);
        else Assert.Null(required);
    }

    [Fact]
    public void Trace_id_under_or_or_after_a_parser_is_not_pushed()
    {
        Run($$"""{app="web"} | trace_id="{{TraceA}}" or detected_level="error" """.TrimEnd());
        Run($$"""{app="web"} | json | trace_id="{{TraceA}}" """.TrimEnd());

        Assert.All(_reader.Requests, r => Assert.Null(r.TraceId));
    }

    [Fact]
    public void Tenants_do_not_see_each_other()
    {
        _reader.AddTo("other", Api, 5 * S, "secret");

        Assert.DoesNotContain("secret", Lines(Run("""{app="api"}""")));
    }

    [Fact]
    public void Limits_give_clear_errors()
    {
        var lines = Assert.Throws<LogQLException>(() => Run("""{env="prod"}""", limits: new LogQLLimits { MaxLinesScanned = 2 }));
        var entries = Assert.Throws<LogQLException>(() => Run("""{env="prod"}""", limit: 10, limits: new LogQLLimits { MaxEntries = 5 }));

        Assert.Contains("max lines scanned", lines.Message, StringComparison.Ordinal);
        Assert.Contains("max_entries_limit_per_query", entries.Message, StringComparison.Ordinal);
    }
}
