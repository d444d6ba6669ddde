using Microsoft.Extensions.Logging;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>Finding, opening and cleaning block directories under a tenant's <c>blocks/</c>.</summary>
internal static class BlockDirectories
{
    private const string MetaFileName = "meta.json";

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

    /// <summary>
    /// Opens every complete block (directories named by a block id). Leftovers of interrupted
    /// writes are deleted: <c>*.tmp</c> directories and block directories without
    /// <c>meta.json</c> (written last). Other directories are ignored. A block that fails to
    /// open is logged and left on disk untouched, for inspection.
    /// </summary>
    public static List<BlockHandle> OpenAll(string blocksDirectory, ILogger logger)
    {
        var handles = new List<BlockHandle>();
        if (!Directory.Exists(blocksDirectory)) return handles;
        foreach (var path in Directory.EnumerateDirectories(blocksDirectory))
        {
            var name = Path.GetFileName(path);
            var isBlockName = Guid.TryParse(name, out _);
            if (name.EndsWith(".tmp", StringComparison.Ordinal) || (isBlockName && !File.Exists(Path.Combine(path, MetaFileName))))
            {
                logger.LogInformation("deleting incomplete block directory {Directory}", path);
                Directory.Delete(path, recursive: true);
                continue;
            }
            if (!isBlockName) continue;
            try
            {
                handles.Add(new BlockHandle(TraceBlock.Open(path)));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "cannot open block {Directory}; it is skipped", path);
            }
        }
        return handles;
    }
}
