using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Api.Prometheus;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Tests.Prometheus;

/// <summary>The Prometheus API over a reader, served by Kestrel on a loopback port, with a client.</summary>
internal sealed class PrometheusTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private PrometheusTestServer(WebApplication app, HttpClient client) => (_app, _client) = (app, client);

    public static async Task<PrometheusTestServer> StartAsync(IMetricReader reader, bool multiTenant = false, Func<TargetsView>? targets = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PrometheusApi.Map(app, reader, multiTenant, "0.1.0", targets);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PrometheusTestServer(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string pathAndQuery, string? tenant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (tenant is not null) request.Headers.Add("X-Scope-OrgID", tenant);
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body)> PostFormAsync(string path, params (string Name, string Value)[] form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        return await SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 0)
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, body);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
