using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests;

/// <summary>The built executable as a child process: crash safety, graceful stop, startup errors.</summary>
public class ProcessTests
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private static OrreryEndpoints NewEndpoints()
    {
        var ports = FreePorts.Take(3);
        return new OrreryEndpoints(ports[0], ports[1], ports[2]);
    }

    private static async Task WaitReady(OrreryProcess process, OrreryEndpoints endpoints)
    {
        try
        {
            await endpoints.WaitReadyAsync(StartupTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + process.Output, e);
        }
    }

    /// <summary>Sends one export per trace over both transports; returns the ids whose export was acknowledged.</summary>
    private static async Task<List<string>> SendAcknowledged(OrreryEndpoints endpoints, int exports)
    {
        var acknowledged = new List<string>();
        for (var i = 0; i < exports; i++)
        {
            var traceId = OtlpMessages.NewTraceId();
            var spans = Enumerable.Range(0, 20).Select(s => OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "op-" + s, OtlpMessages.NowUnixNano())).ToArray();
            var body = OtlpMessages.Request("crash-svc", spans).ToByteArray();
            bool ok;
            if (i % 2 == 0)
            {
                using var response = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, body, "application/x-protobuf");
                ok = response.StatusCode == HttpStatusCode.OK;
            }
            else
            {
                ok = (await RawGrpcClient.CallAsync(endpoints.Client, endpoints.Grpc, RawGrpcClient.Frame(body))).Status == 0;
            }
            Assert.True(ok, $"export {i} was not acknowledged");
            acknowledged.Add(OtlpMessages.Hex(traceId));
        }
        return acknowledged;
    }

    private static async Task AssertAllStored(OrreryEndpoints endpoints, List<string> traceIds, string output)
    {
        foreach (var id in traceIds)
        {
            using var response = await endpoints.GetAsync("/api/traces/" + id, accept: "application/protobuf");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged trace {id} lost: {response.StatusCode}\n{output}");
            var data = OpenTelemetry.Proto.Trace.V1.TracesData.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(20, OtlpAssert.Spans(data).Count());
        }
    }

    [Fact]
    public async Task Every_acknowledged_span_survives_kill_9()
    {
        using var data = new TempDirectory();
        var endpoints = NewEndpoints();
        List<string> acknowledged;
        using (var first = OrreryProcess.Serve(data.Path, endpoints))
        {
            await WaitReady(first, endpoints);
            acknowledged = await SendAcknowledged(endpoints, 40);
            first.Kill();
        }

        using var second = OrreryProcess.Serve(data.Path, endpoints);
        await WaitReady(second, endpoints);
        await AssertAllStored(endpoints, acknowledged, second.Output);
    }

    [Fact]
    public async Task Sigterm_stops_gracefully_with_exit_code_0_and_keeps_the_data()
    {
        using var data = new TempDirectory();
        var endpoints = NewEndpoints();
        List<string> acknowledged;
        using (var first = OrreryProcess.Serve(data.Path, endpoints))
        {
            await WaitReady(first, endpoints);
            acknowledged = await SendAcknowledged(endpoints, 4);
            var exitCode = await first.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, first.Output);
        }

        using var second = OrreryProcess.Serve(data.Path, endpoints);
        await WaitReady(second, endpoints);
        await AssertAllStored(endpoints, acknowledged, second.Output);
        using var metrics = await endpoints.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE orrery_wal_bytes gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error_and_a_nonzero_exit()
    {
        using var data = new TempDirectory();
        var endpoints = NewEndpoints();
        var taken = new TcpListener(IPAddress.Loopback, endpoints.GrpcPort);
        taken.Start();
        try
        {
            using var orrery = OrreryProcess.Serve(data.Path, endpoints);
            var exitCode = await orrery.WaitForExitAsync(StartupTimeout);

            Assert.NotEqual(0, exitCode);
            Assert.Contains($"127.0.0.1:{endpoints.GrpcPort}", orrery.Output, StringComparison.Ordinal);
            Assert.Contains("in use", orrery.Output, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task A_second_process_on_the_same_data_directory_is_refused()
    {
        using var data = new TempDirectory();
        var endpoints = NewEndpoints();
        using var first = OrreryProcess.Serve(data.Path, endpoints);
        await WaitReady(first, endpoints);

        using var second = OrreryProcess.Serve(data.Path, NewEndpoints());
        var exitCode = await second.WaitForExitAsync(StartupTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("in use by another Orrery process", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited, first.Output);
    }

    [Fact]
    public async Task Bad_flags_fail_with_a_message()
    {
        using var orrery = OrreryProcess.Start("serve", "--wal-fsync", "sometimes");

        var exitCode = await orrery.WaitForExitAsync(StartupTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("--wal-fsync", orrery.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        using var orrery = OrreryProcess.Start("--version");

        Assert.Equal(0, await orrery.WaitForExitAsync(StartupTimeout));
        Assert.Matches(@"\d+\.\d+\.\d+", orrery.Output);
    }
}
