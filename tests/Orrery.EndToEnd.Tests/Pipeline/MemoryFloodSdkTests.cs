using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// The memory limiter under a real flood, with a real client. Orrery runs as its own process
/// with a runtime heap hard limit (<c>DOTNET_GCHeapHardLimit</c>, 384 MiB: going above it would be
/// an OutOfMemoryException) and a <c>memory_limiter</c> well below it (96 MiB, soft 48 MiB).
/// A tail sampler holds every flood trace for its decision wait and then drops it, so a flood
/// raises the heap for real and the heap falls once the flood ends. While the flood is refused,
/// an OpenTelemetry .NET SDK (1.20, OTLP/HTTP, in-memory retry enabled by
/// <c>OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=in_memory</c>) exports its spans: it is refused too,
/// backs off as told, and once the flood ends every one of its spans is stored.
/// </summary>
/// <remarks>
/// What the limiter measured (GC.GetTotalMemory; above the soft limit, after a forced full
/// collection), load average ~25–35: an idle Orrery with this config 1.5 MiB; the flood's peak
/// 74–81 MiB (soft limit 48, hard 96); at the SDK's first retry after the flood 15–23 MiB, and
/// 14.5 MiB once everything settled — pooled 1 MiB receive buffers (LOH), Kestrel's pinned
/// blocks, the sampler's decision caches; well under the soft limit. Before the sampler's
/// decision caches grew on demand, their rings (2 × num_traces ids each, here 2,000,000) alone
/// held 97 MiB from the start, and this config refused everything, flood or not.
/// </remarks>
public class MemoryFloodSdkTests
{
    private const int SdkTraces = 20;
    private const int FloodSpansPerRequest = 100;
    private const int FloodAttributeBytes = 8 * 1024;
    private const long HeapHardLimit = 384L * 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private const string Config = """
        receivers:
          otlp:

        processors:
          memory_limiter:
            check_interval: 100ms
            limit_mib: 96
            spike_limit_mib: 48
          tail_sampling:
            decision_wait: 1s
            num_traces: 1000000
            policies:
              - name: only-the-sdk
                type: string_attribute
                string_attribute: { key: service.name, values: [sdk-app] }

        exporters:
          orrery:

        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, tail_sampling]
              exporters: [orrery]
        """;

    [Fact]
    public async Task A_flood_is_refused_retryably_the_process_stays_under_its_hard_limit_and_the_sdk_gets_everything_in_afterwards()
    {
        using var data = new TempDirectory();
        var configPath = Path.Combine(data.Path, "orrery.yaml");
        await File.WriteAllTextAsync(configPath, Config);
        var ports = FreePorts.Take(3);
        var endpoints = new OrreryEndpoints(ports[0], ports[1], ports[2]);
        using var orrery = StartLimited(data.Path, endpoints, configPath);
        await endpoints.WaitReadyAsync(Patience);

        // The flood: fresh trace ids in every request (a repeated id would be a late span of a dropped trace, not held).
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var badRetryAfter = 0;
        var offered = 0L;
        var peakRss = 0L;
        using var stopFlood = new CancellationTokenSource();
        var flooders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var filler = new string('x', FloodAttributeBytes);
            while (!stopFlood.IsCancellationRequested)
            {
                var request = FloodRequest(filler);
                Interlocked.Add(ref offered, request.Length);
                using var response = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, request, "application/x-protobuf");
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode != HttpStatusCode.OK && response.Headers.RetryAfter?.Delta is not { TotalSeconds: >= 1 }) Interlocked.Increment(ref badRetryAfter);
                Interlocked.Exchange(ref peakRss, Math.Max(Interlocked.Read(ref peakRss), ResidentBytes(orrery.Id)));
            }
        })).ToArray();
        await Eventually.HoldsAsync("the flood is refused", Patience, () =>
            Task.FromResult((statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) + statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= 3, Describe(statuses))));
        // Far above the limit: more than the process's whole heap is offered, so it can only stay up by refusing.
        await Eventually.HoldsAsync("the flood offers more than the heap hard limit", Patience, () =>
            Task.FromResult((Interlocked.Read(ref offered) > HeapHardLimit, $"{Interlocked.Read(ref offered) >> 20} MiB offered; {Describe(statuses)}")));

        // A well-behaved SDK exports while the flood is refused.
        var seenBySdk = new ConcurrentQueue<HttpStatusCode>();
        Environment.SetEnvironmentVariable("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
        var sentIds = new List<string>();
        using (var source = new ActivitySource("Sdk.App"))
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("sdk-app"))
            .AddSource(source.Name)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = endpoints.OtlpHttpTraces;
                o.TimeoutMilliseconds = 60_000; // the retry deadline: the flood ends well within it
                o.HttpClientFactory = () => new HttpClient(new RecordingHandler(seenBySdk));
                o.BatchExportProcessorOptions = new BatchExportProcessorOptions<Activity> { ScheduledDelayMilliseconds = 100, MaxExportBatchSize = 5 };
            })
            .Build())
        {
            void Trace()
            {
                Activity.Current = null;
                using var activity = source.StartActivity("sdk work " + sentIds.Count, ActivityKind.Server)!;
                sentIds.Add(activity.TraceId.ToHexString());
            }
            for (var i = 0; i < SdkTraces; i++) Trace();
            // The limiter lets data in whenever a collection brings memory back under the soft
            // limit, so the flood (and an export) gets through between refusals: the SDK goes on
            // exporting until one of its exports lands in a refusal.
            await Eventually.HoldsAsync("the SDK is refused while the flood lasts", Patience, () =>
            {
                var refused = seenBySdk.Any(s => s is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests);
                if (!refused) Trace();
                return Task.FromResult((refused, string.Join(",", seenBySdk)));
            });

            await stopFlood.CancelAsync();
            await Task.WhenAll(flooders);
            Assert.True(provider.ForceFlush(90_000), $"the SDK could not flush; it saw {string.Join(",", seenBySdk)}");
        }
        Environment.SetEnvironmentVariable("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", null);

        // Only retryable refusals, always with a retry hint; never an error from running out of memory.
        Assert.True(statuses.Keys.All(s => s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests), Describe(statuses));
        Assert.Equal(0, badRetryAfter);
        Assert.False(orrery.HasExited, orrery.Output);
        using (var ready = await endpoints.GetAsync("/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain("OutOfMemory", orrery.Output, StringComparison.Ordinal);

        var reads = new OrreryReads(endpoints, DateTimeOffset.UtcNow.AddMinutes(-5));
        var missing = sentIds;
        await Eventually.HoldsAsync("every SDK trace stored (after the sampler's decision wait)", Patience, async () =>
        {
            var still = new List<string>();
            foreach (var id in missing)
            {
                if (!await reads.TraceExistsAsync(id)) still.Add(id);
            }
            missing = still;
            return (missing.Count == 0, $"{missing.Count} of {sentIds.Count} SDK traces missing; flood {Describe(statuses)}; peak RSS {peakRss / (1 << 20)} MiB; {await MemoryInUseAsync(endpoints)}");
        });
        Assert.Contains(HttpStatusCode.OK, seenBySdk);
    }

    private static byte[] FloodRequest(string filler)
    {
        var spans = new OpenTelemetry.Proto.Trace.V1.Span[FloodSpansPerRequest];
        var now = OtlpMessages.NowUnixNano();
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = OtlpMessages.Span(OtlpMessages.NewTraceId(), OtlpMessages.NewSpanId(), "flood", now);
            spans[i].Attributes.Add(new KeyValue { Key = "filler", Value = new AnyValue { StringValue = filler } });
        }
        return OtlpMessages.Request("flood", spans).ToByteArray();
    }

    /// <summary>The limiter's last measurement, as /metrics shows it: what a refusal was decided on.</summary>
    private static async Task<string> MemoryInUseAsync(OrreryEndpoints endpoints)
    {
        using var response = await endpoints.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        return string.Join("; ", text.Split('\n').Where(l => l.StartsWith("orrery_processor_memory_limiter_memory_in_use", StringComparison.Ordinal)));
    }

    private static string Describe(ConcurrentDictionary<HttpStatusCode, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"HTTP {(int)s.Key}: {s.Value}"));

    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary><c>orrery serve</c> as a child process whose runtime may not use more than 384 MiB of heap.</summary>
    private static LimitedProcess StartLimited(string dataDirectory, OrreryEndpoints endpoints, string configPath)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            OrreryProcess.OrreryDll, "serve", "--data", Path.Combine(dataDirectory, "data"), "--log-format", "text",
            "--http", $"127.0.0.1:{endpoints.HttpPort}", "--otlp-grpc", $"127.0.0.1:{endpoints.GrpcPort}",
            "--otlp-http", $"127.0.0.1:{endpoints.OtlpHttpPort}", "--config", configPath, "--max-request-bytes", "4194304",
        })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + HeapHardLimit.ToString("x", CultureInfo.InvariantCulture);
        return new LimitedProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start orrery"));
    }

    private sealed class LimitedProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public LimitedProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }
    }

    /// <summary>
    /// Records every answer the SDK gets. The SDK's OTLP/HTTP exporter sends synchronously
    /// (<c>HttpClient.Send</c>), which reaches <see cref="Send"/>, not <see cref="SendAsync"/>:
    /// both are overridden, or the sync path would pass by unrecorded.
    /// </summary>
    private sealed class RecordingHandler(ConcurrentQueue<HttpStatusCode> seen) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = base.Send(request, cancellationToken);
                seen.Enqueue(response.StatusCode);
                return response;
            }
            catch (Exception)
            {
                seen.Enqueue(0); // no answer: refused connection, reset or timeout
                throw;
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                seen.Enqueue(response.StatusCode);
                return response;
            }
            catch (Exception)
            {
                seen.Enqueue(0); // no answer: refused connection, reset or timeout
                throw;
            }
        }
    }
}
