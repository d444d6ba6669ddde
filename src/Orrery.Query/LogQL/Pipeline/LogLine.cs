using System.Text;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>Where a label of a log line comes from; Loki 3 reports them apart (categorize-labels).</summary>
public enum LabelCategory : byte
{
    Stream,
    StructuredMetadata,
    Parsed,
}

/// <summary>
/// One log line as the pipeline sees it: the line (UTF-8 bytes until a stage needs a string),
/// its time, and its labels by category. One instance is reused for every line of a query;
/// stages change it in place and never keep references to it.
/// </summary>
public sealed class LogLine : ITemplateData
{
    public const string ErrorLabel = "__error__";
    public const string ErrorDetailsLabel = "__error_details__";

    private readonly List<(string Name, string Value, LabelCategory Category)> _labels = new(16);
    private byte[] _bytes = new byte[1024];
    private int _byteLength;
    private string? _line;
    private bool _bytesValid;

    public long TimestampNs { get; private set; }

    public LabelSet StreamLabels { get; private set; } = LabelSet.Empty;

    /// <summary>Starts a new line: its stream labels, bytes and structured metadata.</summary>
    public void Reset(LabelSet stream, long timestampNs, ReadOnlySpan<byte> line)
    {
        StreamLabels = stream;
        TimestampNs = timestampNs;
        if (_bytes.Length < line.Length) _bytes = new byte[Math.Max(line.Length, _bytes.Length * 2)];
        line.CopyTo(_bytes);
        _byteLength = line.Length;
        _bytesValid = true;
        _line = null;
        _labels.Clear();
        foreach (var label in stream.AsSpan()) _labels.Add((label.Name, label.Value, LabelCategory.Stream));
    }

    public void AddMetadata(string name, string value)
    {
        if (value.Length == 0) return;
        Set(name, value, LabelCategory.StructuredMetadata);
    }

    /// <summary>The line's UTF-8 bytes (valid until the line changes).</summary>
    public ReadOnlySpan<byte> Utf8
    {
        get
        {
            if (!_bytesValid)
            {
                var count = Encoding.UTF8.GetByteCount(_line!);
                if (_bytes.Length < count) _bytes = new byte[Math.Max(count, _bytes.Length * 2)];
                _byteLength = Encoding.UTF8.GetBytes(_line, _bytes);
                _bytesValid = true;
            }
            return _bytes.AsSpan(0, _byteLength);
        }
    }

    public string Line
    {
        get => _line ??= Encoding.UTF8.GetString(_bytes, 0, _byteLength);
        set
        {
            _line = value;
            _bytesValid = false;
        }
    }

    /// <summary>True when the line is held as a string already (a stage set or read <see cref="Line"/>).</summary>
    public bool HasString => _line is not null;

    public int ByteLength => _bytesValid ? _byteLength : Encoding.UTF8.GetByteCount(_line!);

    public int LabelCount => _labels.Count;

    public (string Name, string Value, LabelCategory Category) LabelAt(int index) => _labels[index];

    public string? Label(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : _labels[i].Value;
    }

    public bool HasError => IndexOf(ErrorLabel) >= 0;

    public int IndexOf(string name)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>Sets a label; an empty value removes it (Loki treats empty labels as absent).</summary>
    public void Set(string name, string value, LabelCategory category)
    {
        var i = IndexOf(name);
        if (value.Length == 0)
        {
            if (i >= 0) _labels.RemoveAt(i);
            return;
        }
        if (i >= 0) _labels[i] = (name, value, category == LabelCategory.Parsed && _labels[i].Category != LabelCategory.Parsed ? _labels[i].Category : category);
        else _labels.Add((name, value, category));
    }

    /// <summary>
    /// Adds a label a parser extracted; when a stream label already has the name, the parsed one
    /// becomes <c>name_extracted</c>, as Loki does, so the stream's identity is kept.
    /// </summary>
    public void SetParsed(string name, string value)
    {
        var i = IndexOf(name);
        if (i >= 0 && _labels[i].Category == LabelCategory.Stream) name += "_extracted";
        if (value.Length == 0) return;
        Set(name, value, LabelCategory.Parsed);
    }

    public void Remove(string name)
    {
        var i = IndexOf(name);
        if (i >= 0) _labels.RemoveAt(i);
    }

    public void RemoveWhere(Func<string, string, bool> predicate) => _labels.RemoveAll(l => predicate(l.Name, l.Value));

    public void SetError(string error, string? details = null)
    {
        if (HasError) return; // the first error wins, as in Loki
        Set(ErrorLabel, error, LabelCategory.Parsed);
        if (!string.IsNullOrEmpty(details)) Set(ErrorDetailsLabel, details, LabelCategory.Parsed);
    }

    /// <summary>All labels, or those of one category, as a sorted set.</summary>
    public LabelSet BuildLabels(LabelCategory? category = null)
    {
        var labels = new List<Label>(_labels.Count);
        foreach (var (name, value, cat) in _labels)
        {
            if (category is null || cat == category) labels.Add(new Label(name, value));
        }
        labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return LabelSet.FromSorted([.. labels]);
    }

    /// <summary>True when the labels still are exactly the stream's (no metadata, nothing parsed or changed).</summary>
    public bool LabelsAreStream()
    {
        if (_labels.Count != StreamLabels.Count) return false;
        foreach (var l in _labels)
        {
            if (l.Category != LabelCategory.Stream) return false;
        }
        return true;
    }
}
