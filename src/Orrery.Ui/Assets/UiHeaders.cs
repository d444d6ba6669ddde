using Microsoft.AspNetCore.Http;

namespace Orrery.Ui.Assets;

/// <summary>Headers every UI response carries, and the conditional-GET rule for assets.</summary>
internal static class UiHeaders
{
    /// <summary>
    /// Scripts only from Orrery itself (no inline script, no eval), so a value that slipped into
    /// markup still cannot run; styles likewise, except that scripts may set element.style
    /// properties, which CSP does not restrict. Data goes to the same origin only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void ApplySecurity(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
    }

    /// <summary>
    /// Asset URLs carry no content hash, so browsers must revalidate each time ("no-cache"); the
    /// ETag makes that a 304 with no body.
    /// </summary>
    public static async Task WriteAssetAsync(HttpContext context, UiAsset asset)
    {
        var response = context.Response;
        ApplySecurity(response);
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        if (NoneMatch(context.Request, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.Body.WriteAsync(asset.Content, context.RequestAborted);
    }

    private static bool NoneMatch(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
                if (part == etag || part == "*" || part == "W/" + etag) return true;
        }
        return false;
    }
}
