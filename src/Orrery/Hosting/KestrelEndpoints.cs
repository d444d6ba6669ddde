using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orrery.Configuration;

namespace Orrery.Hosting;

/// <summary>
/// The three listeners. Without TLS there is no ALPN, and Kestrel cannot offer HTTP/1.1 and
/// HTTP/2 on one cleartext port (it would fall back to HTTP/1.1 with a warning). So the OTLP/gRPC
/// port speaks prior-knowledge HTTP/2 (h2c) only, which is what gRPC clients send, and the
/// other two speak HTTP/1.1, which is what OTLP/HTTP exporters, Grafana and browsers send.
/// </summary>
internal static class KestrelEndpoints
{
    public static void Configure(KestrelServerOptions kestrel, ServeSettings settings)
    {
        kestrel.AddServerHeader = false;
        // The OTLP receivers enforce --max-request-bytes themselves, after decompression.
        kestrel.Limits.MaxRequestBodySize = null;
        Listen(kestrel, settings.Http, HttpProtocols.Http1);
        Listen(kestrel, settings.OtlpGrpc, HttpProtocols.Http2);
        Listen(kestrel, settings.OtlpHttp, HttpProtocols.Http1);
    }

    private static void Listen(KestrelServerOptions kestrel, ListenAddress address, HttpProtocols protocols)
    {
        Action<ListenOptions> configure = listen => listen.Protocols = protocols;
        switch (address.Host)
        {
            case "" or "*":
                kestrel.ListenAnyIP(address.Port, configure);
                break;
            case "localhost":
                kestrel.ListenLocalhost(address.Port, configure);
                break;
            default:
                kestrel.Listen(IPAddress.Parse(address.Host), address.Port, configure);
                break;
        }
    }
}
