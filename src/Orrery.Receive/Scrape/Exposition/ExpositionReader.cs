using System.Diagnostics.CodeAnalysis;
using Orrery.Signals.Metrics;
using static Orrery.Receive.Scrape.Exposition.ExpositionTokens;

namespace Orrery.Receive.Scrape.Exposition;

/// <summary>
/// A pull reader over a scrape response in the Prometheus text format 0.0.4 or OpenMetrics 1.0,
/// one entry (sample line or metadata comment) per <see cref="Next"/>. It validates each line
/// completely but copies nothing: the series text, label values and help text are slices of the
/// body, unescaped only when a caller asks. So a scrape loop can look a series up by its raw
/// text (<see cref="SeriesText"/>) and read its labels only the first time it sees it, as
/// Prometheus's scrape cache does.
/// </summary>
/// <remarks>Malformed input throws <see cref="ExpositionFormatException"/> naming the 1-based line.</remarks>
public ref partial struct ExpositionReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly bool _openMetrics;
    private int _position;
    private int _lineNumber;
    private bool _sawEof;

    // The family of the last # TYPE line: in OpenMetrics it decides where exemplars may appear.
    private ReadOnlySpan<byte> _typedFamily;
    private MetricType _typedFamilyType;

    private ExpositionEntry _entry;
    private ReadOnlySpan<byte> _seriesText;
    private int _nameLength;
    private ReadOnlySpan<byte> _labels;
    private double _value;
    private long _timestampMs;
    private bool _hasTimestamp;
    private bool _hasExemplar;
    private ReadOnlySpan<byte> _exemplarLabels;
    private double _exemplarValue;
    private long _exemplarTimestampMs;
    private bool _exemplarHasTimestamp;
    private ReadOnlySpan<byte> _family;
    private MetricType _type;
    private ReadOnlySpan<byte> _text;

    public ExpositionReader(ReadOnlySpan<byte> body, ExpositionFormat format)
    {
        _body = body;
        _openMetrics = format == ExpositionFormat.OpenMetrics;
    }

    public readonly ExpositionEntry Entry => _entry;

    /// <summary>The 1-based line of the current entry.</summary>
    public readonly int LineNumber => _lineNumber;

    /// <summary>The series as written (<c>name{a="1"}</c>): the same text means the same series within a target.</summary>
    public readonly ReadOnlySpan<byte> SeriesText => _seriesText;

    public readonly ReadOnlySpan<byte> MetricName => _seriesText[.._nameLength];

    /// <summary>The labels of the series (without <c>__name__</c>), values still escaped.</summary>
    public readonly LabelEnumerator Labels => new(_labels);

    public readonly double Value => _value;

    public readonly bool HasTimestamp => _hasTimestamp;

    /// <summary>The sample's own timestamp in milliseconds (OpenMetrics seconds converted), when <see cref="HasTimestamp"/>.</summary>
    public readonly long TimestampMs => _timestampMs;

    public readonly bool HasExemplar => _hasExemplar;

    public readonly LabelEnumerator ExemplarLabels => new(_exemplarLabels);

    public readonly double ExemplarValue => _exemplarValue;

    public readonly bool ExemplarHasTimestamp => _exemplarHasTimestamp;

    public readonly long ExemplarTimestampMs => _exemplarTimestampMs;

    /// <summary>The family a <c>TYPE</c>, <c>HELP</c> or <c>UNIT</c> line is about.</summary>
    public readonly ReadOnlySpan<byte> FamilyName => _family;

    /// <summary>The type of a <c>TYPE</c> line.</summary>
    public readonly MetricType Type => _type;

    /// <summary>The text of a <c>HELP</c> line (still escaped) or a <c>UNIT</c> line.</summary>
    public readonly ReadOnlySpan<byte> RawText => _text;

    /// <summary>Moves to the next sample or metadata line; false at the end of the body.</summary>
    public bool Next()
    {
        _entry = ExpositionEntry.None;
        while (_position < _body.Length)
        {
            var rest = _body[_position..];
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            _position += newline < 0 ? rest.Length : newline + 1;
            _lineNumber++;
            if (_sawEof) Fail("unexpected data after # EOF");
            if (_openMetrics)
            {
                if (line.IsEmpty) Fail("empty line");
                if (line[0] == (byte)'#')
                {
                    if (ReadOpenMetricsComment(line)) return true;
                    continue;
                }
                ReadSample(line);
                return true;
            }
            var start = 0;
            while (start < line.Length && IsBlank(line[start])) start++;
            line = line[start..];
            if (line.IsEmpty) continue;
            if (line[0] == (byte)'#')
            {
                if (ReadTextComment(line)) return true;
                continue;
            }
            ReadSample(line);
            return true;
        }
        if (_openMetrics && !_sawEof)
        {
            _lineNumber++;
            Fail("missing # EOF at the end of OpenMetrics data");
        }
        return false;
    }

    /// <summary>Text format: <c># HELP</c> and <c># TYPE</c> are metadata, any other comment is skipped.</summary>
    private bool ReadTextComment(ReadOnlySpan<byte> line)
    {
        var i = 1;
        var blanks = SkipBlanks(line, ref i);
        var keywordStart = i;
        while (i < line.Length && !IsBlank(line[i])) i++;
        var keyword = line[keywordStart..i];
        var isHelp = keyword.SequenceEqual("HELP"u8);
        if (blanks == 0 || (!isHelp && !keyword.SequenceEqual("TYPE"u8))) return false;
        if (SkipBlanks(line, ref i) == 0) Fail($"expected a metric name after # {(isHelp ? "HELP" : "TYPE")}");
        var nameLength = MetricNameLength(line[i..]);
        if (nameLength == 0) Fail("invalid metric name in comment");
        _family = line.Slice(i, nameLength);
        i += nameLength;
        if (i < line.Length && !IsBlank(line[i])) Fail("invalid metric name in comment");
        SkipBlanks(line, ref i);
        if (isHelp)
        {
            _entry = ExpositionEntry.Help;
            _text = line[i..];
            return true;
        }
        var typeText = line[i..].TrimEnd(" \t"u8);
        _type = typeText switch
        {
            _ when typeText.SequenceEqual("counter"u8) => MetricType.Counter,
            _ when typeText.SequenceEqual("gauge"u8) => MetricType.Gauge,
            _ when typeText.SequenceEqual("histogram"u8) => MetricType.Histogram,
            _ when typeText.SequenceEqual("summary"u8) => MetricType.Summary,
            _ when typeText.SequenceEqual("untyped"u8) => MetricType.Unknown,
            _ => FailType(typeText),
        };
        _entry = ExpositionEntry.Type;
        return true;
    }

    /// <summary>OpenMetrics allows exactly <c># HELP</c>, <c># TYPE</c>, <c># UNIT</c> and <c># EOF</c>, single-space separated.</summary>
    private bool ReadOpenMetricsComment(ReadOnlySpan<byte> line)
    {
        if (line.SequenceEqual("# EOF"u8))
        {
            _sawEof = true;
            return false;
        }
        if (line.Length < 7 || line[1] != (byte)' ' || line[6] != (byte)' ') Fail("invalid comment: only # HELP, # TYPE, # UNIT and # EOF are allowed");
        var keyword = line[2..6];
        var rest = line[7..];
        var nameLength = MetricNameLength(rest);
        if (nameLength == 0) Fail("invalid metric name in comment");
        _family = rest[..nameLength];
        rest = rest[nameLength..];
        if (!rest.IsEmpty && rest[0] != (byte)' ') Fail("invalid metric name in comment");
        _text = rest.IsEmpty ? default : rest[1..];
        if (keyword.SequenceEqual("HELP"u8))
        {
            _entry = ExpositionEntry.Help;
        }
        else if (keyword.SequenceEqual("UNIT"u8))
        {
            if (!_text.IsEmpty && !(_family.EndsWith(_text) && _family.Length > _text.Length && _family[^(_text.Length + 1)] == (byte)'_'))
                Fail($"unit \"{System.Text.Encoding.UTF8.GetString(_text)}\" is not a suffix of the metric name");
            _entry = ExpositionEntry.Unit;
        }
        else if (keyword.SequenceEqual("TYPE"u8))
        {
            _type = _text switch
            {
                _ when _text.SequenceEqual("counter"u8) => MetricType.Counter,
                _ when _text.SequenceEqual("gauge"u8) => MetricType.Gauge,
                _ when _text.SequenceEqual("histogram"u8) => MetricType.Histogram,
                _ when _text.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
                _ when _text.SequenceEqual("summary"u8) => MetricType.Summary,
                _ when _text.SequenceEqual("info"u8) => MetricType.Info,
                _ when _text.SequenceEqual("stateset"u8) => MetricType.StateSet,
                _ when _text.SequenceEqual("unknown"u8) => MetricType.Unknown,
                _ => FailType(_text),
            };
            _typedFamily = _family;
            _typedFamilyType = _type;
            _entry = ExpositionEntry.Type;
        }
        else
        {
            Fail("invalid comment: only # HELP, # TYPE, # UNIT and # EOF are allowed");
        }
        return true;
    }

    private static int SkipBlanks(ReadOnlySpan<byte> line, ref int i)
    {
        var start = i;
        while (i < line.Length && IsBlank(line[i])) i++;
        return i - start;
    }

    private readonly MetricType FailType(ReadOnlySpan<byte> text)
    {
        Fail($"invalid metric type \"{System.Text.Encoding.UTF8.GetString(text)}\"");
        return default;
    }

    [DoesNotReturn]
    private readonly void Fail(string reason) => throw new ExpositionFormatException(_lineNumber, reason);
}
