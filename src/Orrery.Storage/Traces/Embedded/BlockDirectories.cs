using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>Finding trace block directories under a tenant's <c>blocks/</c> (opening them at start-up: <see cref="Storage.Embedded.BlockDirectoryScan"/>).</summary>
internal static class BlockDirectories
{
    /// <summary>Written last into a block directory: a block without it is incomplete.</summary>
    public const string MetaFileName = "meta.json";

    /// <summary>The directory <see cref="TraceBlockWriter.Write"/> created for <paramref name="meta"/>.</summary>
    public static string Locate(string parentDirectory, BlockMeta meta)
    {
        foreach (var name in new[] { meta.Id.ToString(), meta.Id.ToString("N") })
        {
            var path = Path.Combine(parentDirectory, name);
            if (Directory.Exists(path)) return path;
        }
        var d = meta.Id.ToString("N");
        foreach (var path in Directory.EnumerateDirectories(parentDirectory))
        {
            if (Path.GetFileName(path).Replace("-", "", StringComparison.Ordinal).Contains(d, StringComparison.OrdinalIgnoreCase)) return path;
        }
        throw new DirectoryNotFoundException($"block {meta.Id} written but not found under {parentDirectory}");
    }
}
