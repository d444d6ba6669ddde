using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Embedded;
using Orrery.Storage.Tests.Support;

namespace Orrery.Storage.Tests.Embedded;

public class BlockDirectoryScanTests
{
    [Fact]
    public void Opens_complete_blocks_deletes_leftovers_and_ignores_other_directories()
    {
        using var dir = new TempDirectory();
        var complete = Block(dir, "b1", meta: true);
        var noMeta = Block(dir, "b2", meta: false);
        var tmp = Block(dir, "b3.tmp", meta: true);
        var other = Block(dir, "notes", meta: true);
        var broken = Block(dir, "b4", meta: true);

        var opened = BlockDirectoryScan.OpenComplete(
            dir.Path,
            name => name.StartsWith('b') && !name.EndsWith(".tmp", StringComparison.Ordinal),
            "meta.json",
            path => path == broken ? throw new InvalidDataException("bad block") : Path.GetFileName(path),
            NullLogger.Instance,
            "test");

        Assert.Equal(["b1"], opened);
        Assert.True(Directory.Exists(complete));
        Assert.False(Directory.Exists(noMeta));
        Assert.False(Directory.Exists(tmp));
        Assert.True(Directory.Exists(other));
        Assert.True(Directory.Exists(broken));
    }

    [Fact]
    public void A_tenant_without_a_blocks_directory_has_no_blocks() =>
        Assert.Empty(BlockDirectoryScan.OpenComplete(
            Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), _ => true, "meta.json", path => path, NullLogger.Instance, "test"));

    private static string Block(TempDirectory dir, string name, bool meta)
    {
        var path = Path.Combine(dir.Path, name);
        Directory.CreateDirectory(path);
        if (meta) File.WriteAllText(Path.Combine(path, "meta.json"), "{}");
        return path;
    }
}
