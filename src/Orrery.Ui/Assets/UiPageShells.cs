using System.Security.Cryptography;
using System.Text;

namespace Orrery.Ui.Assets;

/// <summary>
/// The HTML shell each page path answers: <c>wwwroot/index.html</c> with <c>&lt;link rel="modulepreload"&gt;</c>
/// for the modules that page runs (app.js's graph and the page module's), so the browser asks for
/// all of them while it parses the HTML. The trace page's shell also names the trace's data (see
/// <see cref="TraceShell"/>). Built once at start-up; the modules stay separate source files.
/// </summary>
internal sealed class UiPageShells
{
    /// <summary>Where the page's module preloads go in index.html.</summary>
    internal const string ModulesMarker = "<!-- orrery:modules -->";

    /// <summary>Where a page's data preload goes in index.html: before the stylesheets, so its request leaves first.</summary>
    internal const string DataMarker = "<!-- orrery:data -->";

    private const string App = "js/app.js";
    private readonly Dictionary<string, UiAsset> _shells = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _modules = new(StringComparer.Ordinal);

    public UiPageShells(UiAssetTable assets, IEnumerable<string> pages)
    {
        var template = assets.Find("index.html") ?? throw new InvalidOperationException("the UI shell wwwroot/index.html is not embedded");
        var html = Encoding.UTF8.GetString(template.Content);
        if (!html.Contains(ModulesMarker, StringComparison.Ordinal) || !html.Contains(DataMarker, StringComparison.Ordinal))
            throw new InvalidOperationException($"wwwroot/index.html lacks {ModulesMarker} or {DataMarker}");
        var graph = new UiModuleGraph(assets);
        foreach (var page in pages)
        {
            var modules = graph.Closure(App).Concat(graph.Closure(PageModule(page))).Where(m => m != App).Distinct(StringComparer.Ordinal).ToList();
            _modules[page] = modules;
            var preloads = string.Concat(modules.Select(m => $"<link rel=\"modulepreload\" href=\"{UiEndpoints.AssetPrefix}{m}\">\n"));
            var content = Encoding.UTF8.GetBytes(html.Replace(ModulesMarker, preloads.TrimEnd('\n'), StringComparison.Ordinal));
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            _shells[page] = new UiAsset("index.html", content, template.ContentType, etag);
        }
    }

    /// <summary>The module that renders a page: the client router's <c>moduleFor</c> (js/core/router.js).</summary>
    public static string PageModule(string page) => $"js/pages/{page}.js";

    /// <summary>The shell for a page, with the data marker still in it (see <see cref="Split"/>) or removed.</summary>
    public UiAsset Shell(string page) => _shells[page];

    /// <summary>The modules a page's shell preloads, paths relative to wwwroot.</summary>
    public IReadOnlyList<string> Modules(string page) => _modules[page];

    /// <summary>The shell's bytes before and after the data marker, for a page that fills it per request.</summary>
    public (byte[] Before, byte[] After) Split(string page)
    {
        var content = _shells[page].Content;
        var marker = Encoding.UTF8.GetBytes(DataMarker);
        var at = content.AsSpan().IndexOf(marker);
        return (content[..at], content[(at + marker.Length)..]);
    }
}
