using Orrery.Signals;

namespace Orrery.Generate.Logs;

/// <summary>Reads <c>orrery gen logs --trace-ids FILE</c>: one trace id in hex per line (blank lines skipped).</summary>
public static class TraceIdFile
{
    /// <exception cref="ArgumentException">The file is missing, unreadable, or holds something else.</exception>
    public static TraceId[] Read(string path)
    {
        try
        {
            return Parse(path, File.ReadLines(path));
        }
        catch (IOException e)
        {
            throw new ArgumentException($"cannot read trace ids from {path}: {e.Message}", e);
        }
    }

    private static TraceId[] Parse(string path, IEnumerable<string> lines)
    {
        var ids = new List<TraceId>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty) continue;
            if (!TraceId.TryParseHex(text, out var id) || id.IsEmpty)
                throw new ArgumentException($"{path}:{number}: not a trace id: '{text}'");
            ids.Add(id);
        }
        if (ids.Count == 0) throw new ArgumentException($"{path}: no trace ids");
        return [.. ids];
    }
}
