using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orrery.Ui.Assets;

/// <summary>
/// <c>/trace/{traceId}</c>: the trace page's shell with <c>&lt;link rel="preload" as="fetch"&gt;</c>
/// for <c>/api/ui/traces/{id}</c>, so the browser asks for the trace while it parses the HTML
/// instead of after the module graph has run (half a second on this machine). The page's own
/// fetch of the same URL, with no custom header, is then answered by that preload (js/pages/trace.js).
/// </summary>
internal sealed class TraceShell
{
    private readonly UiAsset _plain;
    private readonly byte[] _before;
    private readonly byte[] _after;
    private readonly bool _multiTenant;

    public TraceShell(UiPageShells shells, bool multiTenant)
    {
        _plain = shells.Shell("trace");
        (_before, _after) = shells.Split("trace");
        _multiTenant = multiTenant;
    }

    public Task WriteAsync(HttpContext context)
    {
        var text = context.Request.RouteValues["traceId"] as string ?? string.Empty;
        if (!IsTraceId(text))
        {
            // Not a trace: no preload; the page says why, under a 404.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return UiHeaders.WriteAssetAsync(context, _plain);
        }
        // A tenant is sent as a header, which a preload cannot carry: the page's request would not
        // match it and the trace would be read twice.
        if (_multiTenant || context.Request.Query.ContainsKey("org")) return UiHeaders.WriteAssetAsync(context, _plain);
        return WriteWithPreloadAsync(context, DataPreload(text));
    }

    /// <summary>The trace page's own check (js/pages/trace.js): 1 to 32 hex digits.</summary>
    internal static bool IsTraceId(string text)
    {
        if (text.Length is 0 or > 32) return false;
        foreach (var c in text)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    /// <summary>The URL the page fetches: the id lowercased as the page does; hex only, so nothing to escape.</summary>
    internal static string DataPreload(string traceId) =>
        $"<link rel=\"preload\" as=\"fetch\" crossorigin href=\"/api/ui/traces/{traceId.ToLowerInvariant()}\">";

    private async Task WriteWithPreloadAsync(HttpContext context, string link)
    {
        var response = context.Response;
        UiHeaders.ApplySecurity(response);
        response.Headers.CacheControl = "no-cache";
        response.ContentType = _plain.ContentType;
        var linkBytes = Encoding.ASCII.GetBytes(link);
        response.ContentLength = _before.Length + linkBytes.Length + _after.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.Body.WriteAsync(_before, context.RequestAborted);
        await response.Body.WriteAsync(linkBytes, context.RequestAborted);
        await response.Body.WriteAsync(_after, context.RequestAborted);
    }
}
