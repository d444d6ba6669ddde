using System.Globalization;
using System.Text;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Embedded;

/// <summary>
/// Per tenant, the WAL position up to which every record of that tenant is in a block; replay
/// skips those records. A text file (<c>tenant segment offset</c> per line; tenant ids contain
/// no whitespace) replaced atomically by write-to-temporary, fsync, rename.
/// </summary>
internal sealed class WalCheckpoint
{
    private readonly string _path;
    private readonly Lock _sync = new();
    private readonly Dictionary<string, WalPosition> _positions = new(StringComparer.Ordinal);

    private WalCheckpoint(string path) => _path = path;

    /// <summary>The highest segment any tenant's checkpoint names; the WAL must number new segments above it.</summary>
    public int MaxSegment
    {
        get
        {
            lock (_sync) return _positions.Count == 0 ? 0 : _positions.Values.Max(p => p.Segment);
        }
    }

    public static WalCheckpoint Load(string path)
    {
        var checkpoint = new WalCheckpoint(path);
        if (!File.Exists(path)) return checkpoint;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ');
            if (parts.Length == 3
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                checkpoint._positions[parts[0]] = new WalPosition(segment, offset);
            }
        }
        return checkpoint;
    }

    /// <summary>True when the record of <paramref name="tenant"/> at <paramref name="position"/> is already in a block.</summary>
    public bool Covers(string tenant, WalPosition position)
    {
        lock (_sync) return _positions.TryGetValue(tenant, out var p) && position <= p;
    }

    /// <summary>Records that everything of <paramref name="tenant"/> up to <paramref name="position"/> is in blocks, durably.</summary>
    public void Advance(string tenant, WalPosition position)
    {
        lock (_sync)
        {
            if (_positions.TryGetValue(tenant, out var p) && p >= position) return;
            _positions[tenant] = position;
            var text = new StringBuilder();
            foreach (var (t, pos) in _positions)
            {
                text.Append(CultureInfo.InvariantCulture, $"{t} {pos.Segment} {pos.Offset}\n");
            }
            var temporary = _path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, _path, overwrite: true);
        }
    }
}
