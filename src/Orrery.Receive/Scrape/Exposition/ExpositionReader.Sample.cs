using System.Text.Unicode;
using Orrery.Signals.Metrics;
using static Orrery.Receive.Scrape.Exposition.ExpositionTokens;

namespace Orrery.Receive.Scrape.Exposition;

public ref partial struct ExpositionReader
{
    /// <summary>
    /// <c>name[{labels}] value [timestamp]</c>; OpenMetrics separates with single spaces and may
    /// end with an exemplar: <c> # {labels} value [timestamp]</c>.
    /// </summary>
    private void ReadSample(ReadOnlySpan<byte> line)
    {
        var nameLength = MetricNameLength(line);
        if (nameLength == 0) Fail("invalid metric name");
        var i = nameLength;
        _labels = default;
        // The text format (like Go's expfmt) allows blanks between the name and its labels.
        if (!_openMetrics)
        {
            var afterBlanks = i;
            SkipBlanks(line, ref afterBlanks);
            if (afterBlanks < line.Length && line[afterBlanks] == (byte)'{') i = afterBlanks;
        }
        if (i < line.Length && line[i] == (byte)'{')
        {
            var open = i;
            i = ScanLabelSet(line, i);
            _labels = line[(open + 1)..(i - 1)];
        }
        _entry = ExpositionEntry.Series;
        _seriesText = line[..i];
        _nameLength = nameLength;
        _hasTimestamp = false;
        _hasExemplar = false;

        if (!SkipSeparator(line, ref i)) Fail(i < line.Length ? "invalid character after the series" : "missing value");
        var value = Token(line, ref i);
        if (!TryParseFloat(value, out _value)) Fail($"invalid value \"{Show(value)}\"");
        if (!SkipSeparator(line, ref i)) return;
        if (_openMetrics && line[i] == (byte)'#')
        {
            ReadExemplar(line, i);
            return;
        }
        var timestamp = Token(line, ref i);
        var parsed = _openMetrics ? TryParseSecondsAsMilliseconds(timestamp, out _timestampMs) : TryParseMilliseconds(timestamp, out _timestampMs);
        if (!parsed) Fail($"invalid timestamp \"{Show(timestamp)}\"");
        _hasTimestamp = true;
        if (!SkipSeparator(line, ref i)) return;
        if (_openMetrics && line[i] == (byte)'#')
        {
            ReadExemplar(line, i);
            return;
        }
        Fail("unexpected text after the timestamp");
    }

    /// <summary>
    /// Moves past the separator before the next token: one space in OpenMetrics, blanks in the
    /// text format. False at the end of the line (text format: trailing blanks allowed).
    /// </summary>
    private readonly bool SkipSeparator(ReadOnlySpan<byte> line, ref int i)
    {
        if (i >= line.Length) return false;
        if (_openMetrics)
        {
            if (line[i] != (byte)' ') Fail("expected a single space");
            i++;
            if (i >= line.Length || line[i] == (byte)' ') Fail("expected a single space");
            return true;
        }
        if (!IsBlank(line[i])) Fail("expected a blank");
        while (i < line.Length && IsBlank(line[i])) i++;
        return i < line.Length;
    }

    private static ReadOnlySpan<byte> Token(ReadOnlySpan<byte> line, ref int i)
    {
        var start = i;
        while (i < line.Length && !IsBlank(line[i])) i++;
        return line[start..i];
    }

    /// <summary><c># {labels} value [timestamp]</c>, where OpenMetrics allows it: counters and histogram buckets.</summary>
    private void ReadExemplar(ReadOnlySpan<byte> line, int i)
    {
        var name = MetricName;
        var allowed = name.StartsWith(_typedFamily) && _typedFamily.Length > 0 && _typedFamilyType switch
        {
            MetricType.Counter => true,
            MetricType.Histogram or MetricType.GaugeHistogram => name[_typedFamily.Length..].SequenceEqual("_bucket"u8),
            _ => false,
        };
        if (!allowed) Fail("exemplars are only allowed on counters and histogram buckets");
        i++;
        if (i >= line.Length || line[i] != (byte)' ' || i + 1 >= line.Length || line[i + 1] != (byte)'{') Fail("invalid exemplar: expected \" # {\"");
        i++;
        var open = i;
        i = ScanLabelSet(line, i);
        _exemplarLabels = line[(open + 1)..(i - 1)];
        if (!SkipSeparator(line, ref i)) Fail("invalid exemplar: missing value");
        var value = Token(line, ref i);
        if (!TryParseFloat(value, out _exemplarValue)) Fail($"invalid exemplar value \"{Show(value)}\"");
        _exemplarHasTimestamp = false;
        if (SkipSeparator(line, ref i))
        {
            var timestamp = Token(line, ref i);
            if (!TryParseSecondsAsMilliseconds(timestamp, out _exemplarTimestampMs)) Fail($"invalid exemplar timestamp \"{Show(timestamp)}\"");
            _exemplarHasTimestamp = true;
            if (i < line.Length) Fail("unexpected text after the exemplar");
        }
        _hasExemplar = true;
    }

    /// <summary>
    /// Validates <c>{name="value",...}</c> starting at the brace at <paramref name="i"/> and
    /// returns the index after the closing brace. The text format allows blanks between tokens.
    /// </summary>
    private readonly int ScanLabelSet(ReadOnlySpan<byte> line, int i)
    {
        var blanks = !_openMetrics;
        i++;
        while (true)
        {
            if (blanks) SkipBlanks(line, ref i);
            if (i >= line.Length) Fail("unterminated label set");
            if (line[i] == (byte)'}') return i + 1;
            var nameLength = LabelNameLength(line[i..]);
            if (nameLength == 0) Fail("invalid label name");
            i += nameLength;
            if (blanks) SkipBlanks(line, ref i);
            if (i >= line.Length || line[i] != (byte)'=') Fail("expected '=' after a label name");
            i++;
            if (blanks) SkipBlanks(line, ref i);
            if (i >= line.Length || line[i] != (byte)'"') Fail("expected '\"' to open a label value");
            var valueStart = ++i;
            i = ClosingQuote(line, i);
            if (i < 0) Fail("unterminated label value");
            if (!Utf8.IsValid(line[valueStart..i])) Fail("label value is not valid UTF-8");
            i++;
            if (blanks) SkipBlanks(line, ref i);
            if (i < line.Length && line[i] == (byte)',')
            {
                i++;
                continue;
            }
            if (i < line.Length && line[i] == (byte)'}') return i + 1;
            Fail("expected ',' or '}' in a label set");
        }
    }

    /// <summary>Index of the quote that closes a value starting at <paramref name="i"/>, -1 if none; backslash escapes the next byte.</summary>
    internal static int ClosingQuote(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length)
        {
            var next = line[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0) return -1;
            i += next;
            if (line[i] == (byte)'"') return i;
            i += 2;
        }
        return -1;
    }

    private static string Show(ReadOnlySpan<byte> token) =>
        System.Text.Encoding.UTF8.GetString(token.Length > 64 ? token[..64] : token);
}
