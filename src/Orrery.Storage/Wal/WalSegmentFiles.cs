using System.Globalization;

namespace Orrery.Storage.Wal;

/// <summary>Segment file names: an 8-digit, zero-padded number and <c>.wal</c>, so names sort like numbers.</summary>
internal static class WalSegmentFiles
{
    private const string Extension = ".wal";

    public static string PathOf(string directory, int segment) =>
        Path.Combine(directory, segment.ToString("D8", CultureInfo.InvariantCulture) + Extension);

    /// <summary>Existing segment numbers, ascending. Other files in the directory are ignored.</summary>
    public static List<int> List(string directory)
    {
        var segments = new List<int>();
        if (!Directory.Exists(directory)) return segments;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 8 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) segments.Add(n);
        }
        segments.Sort();
        return segments;
    }
}
