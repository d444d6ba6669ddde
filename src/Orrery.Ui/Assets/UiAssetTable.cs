using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Orrery.Ui.Assets;

/// <summary>
/// The UI's static files, read once from the assembly's embedded resources (<c>wwwroot/…</c>).
/// They are small (tens of kilobytes) and never change while the process runs, so holding them
/// in memory with a precomputed ETag costs less than any file-system lookup per request.
/// </summary>
internal sealed class UiAssetTable
{
    private const string Prefix = "wwwroot/";
    private readonly FrozenDictionary<string, UiAsset> _assets;

    private UiAssetTable(FrozenDictionary<string, UiAsset> assets) => _assets = assets;

    public static UiAssetTable Load(Assembly assembly)
    {
        var assets = new Dictionary<string, UiAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            assets[path] = new UiAsset(path, content, ContentTypeOf(path), etag);
        }
        return new UiAssetTable(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The asset at a path relative to wwwroot (<c>js/app.js</c>), or null.</summary>
    public UiAsset? Find(string path) => _assets.GetValueOrDefault(path);

    public IEnumerable<string> Paths => _assets.Keys;

    internal static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".json" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };
}
