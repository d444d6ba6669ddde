using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orrery.Receive.Tests.Scrape;

/// <summary>
/// A metrics endpoint on a loopback port (real Kestrel) whose answer a test changes between
/// scrapes: body, content type, status. It gzips when asked, as exporters do.
/// </summary>
public sealed class FakeExporter : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeExporter(WebApplication app) => _app = app;

    public volatile string Body = "";
    public volatile string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    public volatile int StatusCode = 200;
    public volatile string? LastAccept;
    public volatile string? LastAcceptEncoding;
    public volatile string? LastQuery;

    public string Address { get; private set; } = "";

    public static async Task<FakeExporter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var exporter = new FakeExporter(app);
        app.MapGet("/metrics", exporter.Serve);
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        exporter.Address = $"127.0.0.1:{url.Port}";
        return exporter;
    }

    private async Task Serve(HttpContext context)
    {
        LastAccept = context.Request.Headers.Accept.ToString();
        LastAcceptEncoding = context.Request.Headers.AcceptEncoding.ToString();
        LastQuery = context.Request.QueryString.Value;
        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = ContentType;
        var body = Encoding.UTF8.GetBytes(Body);
        if (LastAcceptEncoding.Contains("gzip", StringComparison.Ordinal))
        {
            context.Response.Headers.ContentEncoding = "gzip";
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) await gzip.WriteAsync(body);
            body = compressed.ToArray();
        }
        await context.Response.Body.WriteAsync(body);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
