using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Embedded;

/// <summary>Opening a tenant's blocks at start-up, after cleaning up what interrupted writes left.</summary>
internal static class BlockDirectoryScan
{
    /// <summary>
    /// Opens every complete block under <paramref name="blocksDirectory"/>. Leftovers of
    /// interrupted writes are deleted: <c>*.tmp</c> directories, and block directories without
    /// <paramref name="metaFileName"/> (a block writes it last). Directories not named like a
    /// block are ignored. A block that fails to open is logged and left on disk untouched, for
    /// inspection.
    /// </summary>
    /// <param name="signal">The signal in log messages: "trace", "log".</param>
    public static List<THandle> OpenComplete<THandle>(
        string blocksDirectory, Func<string, bool> isBlockName, string metaFileName, Func<string, THandle> open, ILogger logger, string signal)
    {
        var handles = new List<THandle>();
        if (!Directory.Exists(blocksDirectory)) return handles;
        foreach (var path in Directory.EnumerateDirectories(blocksDirectory))
        {
            var name = Path.GetFileName(path);
            var isBlock = isBlockName(name);
            if (name.EndsWith(".tmp", StringComparison.Ordinal) || (isBlock && !File.Exists(Path.Combine(path, metaFileName))))
            {
                logger.LogInformation("deleting incomplete {Signal} block directory {Directory}", signal, path);
                Directory.Delete(path, recursive: true);
                continue;
            }
            if (!isBlock) continue;
            try
            {
                handles.Add(open(path));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "cannot open {Signal} block {Directory}; it is skipped", signal, path);
            }
        }
        return handles;
    }
}
