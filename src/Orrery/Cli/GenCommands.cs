using System.CommandLine;
using System.Globalization;
using Orrery.Generate;
using Orrery.Generate.ClickHouse;
using Orrery.Generate.Logs;
using Orrery.Generate.Metrics;
using Orrery.Generate.Running;
using Orrery.Generate.Traces;
using Orrery.Generate.Transport;
using Orrery.Pipeline.Components;

namespace Orrery.Cli;

/// <summary>
/// <c>orrery gen traces|metrics|logs</c>: a load generator in the spirit of telemetrygen. Each
/// sends generated spans, samples or lines at <c>--rate</c> for <c>--duration</c> (or <c>--count</c>
/// items) to one target, shows progress, and prints sent/acknowledged/refused/lost/retried.
/// Exit code 0 when everything sent was acknowledged, 1 when anything was refused or lost, 2 on
/// a usage error.
/// </summary>
internal static class GenCommands
{
    public const int Incomplete = 1;

    public static void AddTo(RootCommand root, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        var gen = new Command("gen", "Generate load: traces, metrics or logs sent to Orrery or any OTLP, remote-write or Loki peer.");
        gen.Add(Traces(output, error));
        gen.Add(Metrics(output, error));
        gen.Add(Logs(output, error));
        root.Add(gen);
    }

    private static Command Traces(TextWriter output, TextWriter error)
    {
        var command = new Command("traces", "Send spans over OTLP (default: OTLP/gRPC to 127.0.0.1:4317).");
        var common = new CommonOptions(command, defaultBatch: 100);
        var preset = new Option<TracePreset>("--preset")
        {
            Description = "Span shape: tiny (one span per trace, as the Collector testbed) or realistic (a shop of 8 services)",
            DefaultValueFactory = _ => TracePreset.Tiny,
        };
        command.Add(preset);
        var clickHouseRows = ClickHouseRowsOption(command, "spans");
        command.SetAction(async (parse, ct) =>
        {
            using var rows = parse.GetValue(clickHouseRows) is { } dir ? new ClickHouseRowFiles(dir) : null;
            return await RunAsync(parse, common, TelemetrySignal.Traces, "spans", output, error, ct, (load, _) =>
            {
                var shape = parse.GetValue(preset);
                var seed = common.Seed(parse);
                return worker => new TracePayloadSource(TraceShapes.Create(shape, seed + 7919 * worker), rows?.Spans(worker));
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command Metrics(TextWriter output, TextWriter error)
    {
        var command = new Command("metrics", "Send samples of gauges, counters and classic histograms (default: remote write to http://127.0.0.1:3200).");
        var common = new CommonOptions(command, defaultBatch: 500);
        var remoteWrite = new Option<string>("--remote-write") { HelpName = "URL", Description = "Prometheus remote write endpoint (path /api/v1/write when only host:port is given)" };
        var series = new Option<int>("--series") { Description = "Active series over all workers", DefaultValueFactory = _ => 1_000 };
        var churn = new Option<double>("--churn") { Description = "Fraction of series replaced by new ones after each round over all series, 0-1 [default: 0]" };
        var start = new Option<string>("--start")
        {
            HelpName = "TIME",
            Description = "Simulated time: the first round's timestamp, as unix milliseconds or a duration before now (e.g. 11h); "
                + "rounds then advance one --interval each as fast as the peer accepts them [default: the clock]",
        };
        var interval = new Option<string>("--interval") { HelpName = "DURATION", Description = "Simulated scrape interval between rounds (with --start)", DefaultValueFactory = _ => "15s" };
        var jitter = new Option<int>("--jitter-ms") { Description = "Each target's scrape timestamp moves by up to ± this many ms per round (with --start)", DefaultValueFactory = _ => 5 };
        var instancePrefix = new Option<string>("--instance-prefix")
        {
            HelpName = "NAME",
            Description = "Host part of the targets' instance label (NAME-W:PORT for worker W): another name sends a separate set of series",
            DefaultValueFactory = _ => "orrery-gen",
        };
        command.Add(remoteWrite);
        command.Add(series);
        command.Add(churn);
        command.Add(start);
        command.Add(interval);
        command.Add(jitter);
        command.Add(instancePrefix);
        var roundTimes = new Option<string>("--round-times")
        {
            HelpName = "FILE",
            Description = "Write when each round was acknowledged for every worker (round, seconds, unix ms, samples acknowledged; tab-separated): "
                + "the first round is the peer creating the series, the later ones steady-state ingest",
        };
        command.Add(roundTimes);
        common.ExtraTarget = parse => parse.GetValue(remoteWrite) is { } url ? HttpPostSender.RemoteWrite(Url(url, "--remote-write"), parse.GetValue(common.Tenant), parse.GetValue(common.Workers)) : null;
        command.SetAction(async (parse, ct) =>
        {
            RoundClock? clock = null;
            var code = await RunAsync(parse, common, TelemetrySignal.Metrics, "samples", output, error, ct, (load, sender) =>
            {
                var shape = new MetricsShapeOptions(parse.GetValue(series), parse.GetValue(churn));
                shape.Validate();
                if (shape.Series < load.Workers) throw new ArgumentException($"series ({shape.Series}) must be at least workers ({load.Workers})");
                var encoding = sender is HttpPostSender { Payload: HttpPayload.RemoteWrite } ? MetricsEncoding.RemoteWrite : MetricsEncoding.Otlp;
                var seed = common.Seed(parse);
                var time = Simulated(parse.GetValue(start), parse.GetValue(interval), parse.GetValue(jitter));
                var pacer = time is null ? null : new RoundPacer(load.Workers);
                clock = parse.GetValue(roundTimes) is null ? null : new RoundClock(load.Workers);
                return worker =>
                {
                    var share = shape.Series / load.Workers + (worker < shape.Series % load.Workers ? 1 : 0);
                    var set = new SeriesSet(share, shape.Churn, parse.GetValue(instancePrefix) + "-" + worker.ToString(CultureInfo.InvariantCulture), worker * 1_000_000, seed + 7919 * worker, time);
                    return new MetricsPayloadSource(set, encoding, pacer, worker, clock);
                };
            }).ConfigureAwait(false);
            if (clock is not null && parse.GetValue(roundTimes) is { } path)
            {
                await using var file = new StreamWriter(path);
                clock.WriteTo(file);
            }
            return code;
        });
        return command;
    }

    /// <summary>The simulated clock of <c>--start</c>, or null to stamp samples with the real clock.</summary>
    private static SimulatedTime? Simulated(string? start, string? interval, int jitterMs)
    {
        if (start is null) return null;
        if (!DurationText.TryParse(interval ?? "15s", out var step) || step <= TimeSpan.Zero)
            throw new ArgumentException($"invalid --interval '{interval}': use a number and a unit, e.g. 15s");
        long startMs;
        if (long.TryParse(start, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unixMs)) startMs = unixMs;
        else if (DurationText.TryParse(start, out var ago)) startMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)ago.TotalMilliseconds;
        else throw new ArgumentException($"invalid --start '{start}': unix milliseconds or a duration before now, e.g. 11h");
        var time = new SimulatedTime(startMs, (long)step.TotalMilliseconds, jitterMs);
        time.Validate();
        return time;
    }

    private static Command Logs(TextWriter output, TextWriter error)
    {
        var command = new Command("logs", "Send log lines: JSON, logfmt and plain text, half with trace ids (default: Loki push to http://127.0.0.1:3200).");
        var common = new CommonOptions(command, defaultBatch: 100);
        var loki = new Option<string>("--loki") { HelpName = "URL", Description = "Loki push endpoint (path /loki/api/v1/push when only host:port is given)" };
        var streams = new Option<int>("--streams") { Description = "Streams over all workers", DefaultValueFactory = _ => 10 };
        var lineSize = new Option<int>("--line-size") { HelpName = "BYTES", Description = "Pad lines to about this size; 0 keeps their natural 80-250 bytes [default: 0]" };
        command.Add(loki);
        command.Add(streams);
        command.Add(lineSize);
        var traceIds = new Option<string>("--trace-ids") { HelpName = "FILE", Description = "Lines inside a span take trace ids from this file (one hex id a line), e.g. of traces sent before" };
        command.Add(traceIds);
        var clickHouseRows = ClickHouseRowsOption(command, "lines");
        common.ExtraTarget = parse => parse.GetValue(loki) is { } url ? HttpPostSender.LokiPush(Url(url, "--loki"), parse.GetValue(common.Tenant), parse.GetValue(common.Workers)) : null;
        command.SetAction(async (parse, ct) =>
        {
            using var rows = parse.GetValue(clickHouseRows) is { } dir ? new ClickHouseRowFiles(dir) : null;
            return await RunAsync(parse, common, TelemetrySignal.Logs, "lines", output, error, ct, (load, sender) =>
            {
                var shape = new LogsShapeOptions(parse.GetValue(streams), parse.GetValue(lineSize));
                shape.Validate();
                if (shape.Streams < load.Workers) throw new ArgumentException($"streams ({shape.Streams}) must be at least workers ({load.Workers})");
                var encoding = sender is HttpPostSender { Payload: HttpPayload.LokiJson } ? LogsEncoding.LokiJson : LogsEncoding.Otlp;
                var seed = common.Seed(parse);
                var ids = parse.GetValue(traceIds) is { } file ? TraceIdFile.Read(file) : null;
                return worker => new LogsPayloadSource(
                    new LogStreamSet(LogStreamSet.StreamsOf(worker, load.Workers, shape.Streams), shape.LineSize, seed + 7919 * worker, ids), encoding, rows?.Logs(worker));
            }).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>--clickhouse-rows DIR</c>: also write what is sent as ClickHouse rows (bench/side-by-side).</summary>
    private static Option<string> ClickHouseRowsOption(Command command, string items)
    {
        var option = new Option<string>("--clickhouse-rows")
        {
            HelpName = "DIR",
            Description = $"Also write the {items} sent as TabSeparated rows of the OpenTelemetry Collector ClickHouse exporter's table (one file per worker, and its column list)",
        };
        command.Add(option);
        return option;
    }

    private static async Task<int> RunAsync(
        ParseResult parse,
        CommonOptions common,
        TelemetrySignal signal,
        string items,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken,
        Func<LoadOptions, ITelemetrySender, Func<int, IPayloadSource>> sources)
    {
        LoadOptions load;
        ITelemetrySender sender;
        Func<int, IPayloadSource> createSource;
        try
        {
            load = common.Load(parse);
            load.Validate();
            sender = common.Sender(parse, signal);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException)
        {
            await error.WriteLineAsync("orrery gen: " + e.Message).ConfigureAwait(false);
            return OrreryCommandLine.UsageError;
        }
        using (sender)
        {
            try
            {
                createSource = sources(load, sender);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync("orrery gen: " + e.Message).ConfigureAwait(false);
                return OrreryCommandLine.UsageError;
            }
            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            await output.WriteLineAsync(Describe(parse.CommandResult.Command.Name, items, sender, load)).ConfigureAwait(false);
            var runner = new LoadRunner(load, sender);
            var report = await LoadConsole.RunAsync(runner, createSource, items, output, interactive, cancellationToken).ConfigureAwait(false);
            return report.Complete ? 0 : Incomplete;
        }
    }

    private static string Describe(string signal, string items, ITelemetrySender sender, LoadOptions load)
    {
        var rate = load.Rate > 0 ? string.Create(CultureInfo.InvariantCulture, $"{load.Rate:0.##} {items}/s") : "as fast as acknowledged";
        var until = load.Count is { } count ? string.Create(CultureInfo.InvariantCulture, $"{count} {items}")
            : load.Duration is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.##}s") : "Ctrl-C";
        return string.Create(CultureInfo.InvariantCulture,
            $"orrery gen {signal} → {sender.Description}: {rate}, {load.Workers} worker(s), {load.BatchSize} {items} per request, until {until}");
    }

    /// <summary>An http(s) URL; host:port alone means http://host:port.</summary>
    private static Uri Url(string text, string flag)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"invalid {flag} '{text}': expected an http:// URL or host:port");
        return url;
    }

    /// <summary>The flags every <c>gen</c> command shares, and how they become <see cref="LoadOptions"/> and a sender.</summary>
    private sealed class CommonOptions
    {
        public CommonOptions(Command command, int defaultBatch)
        {
            Batch = new Option<int>("--batch") { Description = "Items per request", DefaultValueFactory = _ => defaultBatch };
            foreach (var option in new Option[] { Rate, Duration, Count, Workers, Batch, Tenant, OtlpGrpc, OtlpHttp, SeedOption }) command.Add(option);
        }

        public Option<double> Rate { get; } = new("--rate") { Description = "Items per second over all workers; 0 sends as fast as the peer acknowledges [default: 0]" };
        public Option<string> Duration { get; } = new("--duration") { HelpName = "DURATION", Description = "How long to send, e.g. 30s or 5m [default: until Ctrl-C, or --count]" };
        public Option<long?> Count { get; } = new("--count") { Description = "Stop after this many items" };
        public Option<int> Workers { get; } = new("--workers") { Description = "Concurrent senders, one request in flight each", DefaultValueFactory = _ => 1 };
        public Option<int> Batch { get; }
        public Option<string> Tenant { get; } = new("--tenant") { Description = "Sent as X-Scope-OrgID" };
        public Option<string> OtlpGrpc { get; } = new("--otlp-grpc") { HelpName = "HOST:PORT", Description = "Send OTLP/gRPC (plaintext h2c) to this listener" };
        public Option<string> OtlpHttp { get; } = new("--otlp-http") { HelpName = "URL", Description = "Send OTLP/HTTP protobuf to this URL (/v1/<signal> when only host:port is given)" };
        public Option<int?> SeedOption { get; } = new("--seed") { Description = "Random seed, for repeatable ids and values [default: random]" };

        /// <summary>The signal's own target (remote write, Loki), or null when its flag is absent.</summary>
        public Func<ParseResult, ITelemetrySender?> ExtraTarget { get; set; } = _ => null;

        public int Seed(ParseResult parse) => parse.GetValue(SeedOption) ?? Random.Shared.Next();

        public LoadOptions Load(ParseResult parse)
        {
            TimeSpan? duration = null;
            if (parse.GetValue(Duration) is { } text)
            {
                if (!DurationText.TryParse(text, out var d)) throw new ArgumentException($"invalid --duration '{text}': use a number and a unit, e.g. 30s, 5m");
                duration = d;
            }
            return new LoadOptions
            {
                Rate = parse.GetValue(Rate),
                Duration = duration,
                Count = parse.GetValue(Count),
                Workers = parse.GetValue(Workers),
                BatchSize = parse.GetValue(Batch),
                Tenant = parse.GetValue(Tenant),
            };
        }

        public ITelemetrySender Sender(ParseResult parse, TelemetrySignal signal)
        {
            var tenant = parse.GetValue(Tenant);
            var connections = Math.Max(1, parse.GetValue(Workers));
            var grpc = parse.GetValue(OtlpGrpc);
            var http = parse.GetValue(OtlpHttp);
            var given = (grpc is null ? 0 : 1) + (http is null ? 0 : 1);
            var extra = ExtraTarget(parse);
            if (given + (extra is null ? 0 : 1) > 1)
            {
                extra?.Dispose();
                throw new ArgumentException("give one target: --otlp-grpc, --otlp-http" + (signal == TelemetrySignal.Traces ? "" : signal == TelemetrySignal.Metrics ? " or --remote-write" : " or --loki"));
            }
            if (extra is not null) return extra;
            if (grpc is not null) return new OtlpGrpcSender(grpc, signal, tenant, connections);
            if (http is not null) return HttpPostSender.OtlpHttp(Url(http, "--otlp-http"), signal, tenant, connections);
            // Orrery's own defaults, so `orrery gen X` works against a plain `orrery serve`.
            return signal switch
            {
                TelemetrySignal.Traces => new OtlpGrpcSender("127.0.0.1:4317", signal, tenant, connections),
                TelemetrySignal.Metrics => HttpPostSender.RemoteWrite(new Uri("http://127.0.0.1:3200"), tenant, connections),
                _ => HttpPostSender.LokiPush(new Uri("http://127.0.0.1:3200"), tenant, connections),
            };
        }
    }
}
