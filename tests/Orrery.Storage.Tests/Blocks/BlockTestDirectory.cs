namespace Orrery.Storage.Tests.Blocks;

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class BlockTestDirectory : IDisposable
{
    public BlockTestDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orrery-blocks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
