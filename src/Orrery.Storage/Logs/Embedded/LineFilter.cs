using System.Text;
using Orrery.Signals;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// What a select's hints let storage drop: lines without every required substring, and with a
/// trace id hint, lines of other traces. Both are filters the caller applies anyway, so
/// applying them here changes no answer; it only spares the caller those lines.
/// </summary>
internal sealed class LineFilter
{
    private readonly byte[][] _substrings;
    private readonly byte[]? _traceHex;

    public LineFilter(IReadOnlyList<byte[]>? substrings, TraceId? traceId)
    {
        _substrings = substrings?.Where(s => s.Length > 0).ToArray() ?? [];
        _traceHex = traceId is { } id ? Encoding.ASCII.GetBytes(id.ToHex()) : null;
        Keys = new RequiredKeys(_substrings);
        TraceId = traceId;
    }

    public TraceId? TraceId { get; }

    /// <summary>The non-empty required substrings (lines must hold all of them).</summary>
    public byte[][] Substrings => _substrings;

    /// <summary>The bloom and id-filter keys the required substrings need (substrings without any are left out).</summary>
    public RequiredKeys Keys { get; }

    public bool IsEmpty => _substrings.Length == 0 && _traceHex is null;

    public bool Accepts(LineSource line)
    {
        var text = line.Line;
        foreach (var s in _substrings)
        {
            if (text.IndexOf(s) < 0) return false;
        }
        if (_traceHex is null) return true;
        for (var i = 0; i < line.MetadataCount; i++)
        {
            if (line.MetadataName(i).SequenceEqual(ChunkFormat.TraceIdName)) return Ascii.EqualsIgnoreCase(line.MetadataValue(i), _traceHex);
        }
        return false;
    }
}
