using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using Orrery.Demo.Hosting;

namespace Orrery.Demo.Services;

/// <summary>
/// <c>object-store</c>: the durable backend behind the coordinators' S3 API. Remote chunk reads
/// take hundreds of milliseconds; a few object reads fail with 500 (a checksum mismatch).
/// </summary>
internal sealed class ObjectStore(MeshTelemetry telemetry)
{
    /// <summary>A few 500s: about one object read in 25.</summary>
    public const double ReadFailureProbability = 0.04;

    private readonly ILogger _logger = telemetry.CreateLogger("ObjectStore");

    public void Map(WebApplication app)
    {
        app.MapGet("/chunks/{chunkId}", (RequestDelegate)ReadChunkAsync);
        app.MapPut("/objects/{bucket}/{*key}", (RequestDelegate)WriteObjectAsync);
        app.MapGet("/objects/{bucket}/{*key}", (RequestDelegate)ReadObjectAsync);
    }

    private async Task ReadChunkAsync(HttpContext context)
    {
        var chunkId = Simulated.RouteValue(context, "chunkId");
        using (var span = telemetry.Source.StartActivity("objectstore.chunk.read"))
        {
            span?.SetTag("s3.chunk.id", chunkId);
            span?.SetTag("objectstore.tier", "cold");
            // The chunk lives on another node's disk: a cross-zone read.
            await Simulated.WorkAsync(150, 600, context.RequestAborted).ConfigureAwait(false);
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.WriteAsync(chunkId, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task WriteObjectAsync(HttpContext context)
    {
        using (var span = telemetry.Source.StartActivity("objectstore.manifest.write"))
        {
            Tag(span, context);
            await Simulated.WorkAsync(5, 20, context.RequestAborted).ConfigureAwait(false);
        }
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private async Task ReadObjectAsync(HttpContext context)
    {
        using (var span = telemetry.Source.StartActivity("objectstore.object.read"))
        {
            Tag(span, context);
            await Simulated.WorkAsync(3, 12, context.RequestAborted).ConfigureAwait(false);
            if (Simulated.Chance(ReadFailureProbability))
            {
                var segment = Random.Shared.Next(1, 4096);
                _logger.LogWarning("checksum mismatch reading segment {Segment} of {Bucket}/{Key} for peer {PeerId}",
                    segment, Simulated.RouteValue(context, "bucket"), Simulated.RouteValue(context, "key"), Baggage.GetBaggage("peer.id") ?? "-");
                throw new IOException($"checksum mismatch in segment {segment}: expected crc32c 0x{Random.Shared.Next():x8}");
            }
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.WriteAsync("object", context.RequestAborted).ConfigureAwait(false);
    }

    private static void Tag(Activity? span, HttpContext context)
    {
        span?.SetTag("aws.s3.bucket", Simulated.RouteValue(context, "bucket"));
        span?.SetTag("aws.s3.key", Simulated.RouteValue(context, "key"));
    }
}
