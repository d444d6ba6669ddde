namespace Orrery.Storage;

/// <summary>
/// Keeps a second Orrery process off a data directory in use: two writers appending to one WAL
/// and cutting the same blocks would corrupt both. The lock is an exclusive open of
/// <c>LOCK</c> (on Linux, .NET takes it with <c>flock</c>), so the kernel releases it when the
/// process dies, even by <c>kill -9</c>: a crash never leaves a stale lock behind.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "LOCK";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or throws <see cref="IOException"/> saying the directory is in use.</summary>
    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"data directory '{directory}' is in use by another Orrery process (it holds {path})", e);
        }
        return new DataDirectoryLock(file);
    }

    public void Dispose() => _file.Dispose();
}
