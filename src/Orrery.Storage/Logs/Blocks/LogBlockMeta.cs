using System.Text.Json;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// What is known about a log block without reading it: <c>meta.json</c>, written last, so a block
/// directory without it is incomplete. Times are Unix nanoseconds of the oldest and newest line.
/// </summary>
public sealed record LogBlockMeta(
    Guid Id,
    int FormatVersion,
    long MinTimeNs,
    long MaxTimeNs,
    int Streams,
    int Chunks,
    long Lines,
    long RawBytes,
    long SizeBytes,
    int CompactionLevel)
{
    public const string FileName = "meta.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static LogBlockMeta Read(string blockDirectory) =>
        JsonSerializer.Deserialize<LogBlockMeta>(File.ReadAllBytes(Path.Combine(blockDirectory, FileName)), Json)
        ?? throw new InvalidDataException($"empty {FileName} in {blockDirectory}");

    public void Write(string blockDirectory)
    {
        var path = Path.Combine(blockDirectory, FileName);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        JsonSerializer.Serialize(stream, this, Json);
        stream.Flush(flushToDisk: true);
    }
}
