using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Orrery.Configuration;

namespace Orrery.Hosting;

/// <summary>
/// The three listeners. OTLP/gRPC is HTTP/2 only: without TLS there is no ALPN, so a port that
/// also spoke HTTP/1.1 could not tell gRPC clients' prior-knowledge HTTP/2 (h2c) from HTTP/1.1.
/// </summary>
internal static class KestrelEndpoints
{
    public static void Configure(KestrelServerOptions kestrel, ServeSettings settings)
    {
        kestrel.AddServerHeader = false;
        // The OTLP receivers enforce --max-request-bytes themselves, after decompression.
        kestrel.Limits.MaxRequestBodySize = null;
        Listen(kestrel, settings.Http, HttpProtocols.Http1AndHttp2);
        Listen(kestrel, settings.OtlpGrpc, HttpProtocols.Http2);
        Listen(kestrel, settings.OtlpHttp, HttpProtocols.Http1AndHttp2);
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
