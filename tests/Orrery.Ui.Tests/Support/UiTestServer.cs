using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Orrery.Storage.Traces;

namespace Orrery.Ui.Tests.Support;

/// <summary>Only the UI's endpoints, in memory, over a given trace reader.</summary>
internal sealed class UiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UiTestServer(WebApplication app) => _app = app;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<UiTestServer> StartAsync(ITraceReader traces, bool multiTenant = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        // Metrics, logs and PromQL are not read by the UI's own endpoints.
        UiEndpoints.Map(app, new UiBackends(traces, null!, null!, null!, multiTenant));
        await app.StartAsync();
        return new UiTestServer(app) { Client = app.GetTestClient() };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
