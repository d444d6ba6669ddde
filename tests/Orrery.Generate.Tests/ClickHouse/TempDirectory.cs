namespace Orrery.Generate.Tests.ClickHouse;

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("orrery-gen-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
