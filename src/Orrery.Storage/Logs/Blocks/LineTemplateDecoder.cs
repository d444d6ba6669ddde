using System.Buffers;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>Rebuilds a chunk's lines from the sections <see cref="LineTemplateEncoder"/> writes (FORMAT.md, "Templated lines").</summary>
internal static class LineTemplateDecoder
{
    /// <summary>
    /// Writes the <paramref name="count"/> lines back to back into <paramref name="lines"/>
    /// (exactly <paramref name="lineBytes"/> long) and their start offsets into
    /// <paramref name="lineOffsets"/> (count + 1 entries). Throws <see cref="InvalidDataException"/>
    /// on anything inconsistent.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> templates, ReadOnlySpan<byte> ids, ReadOnlySpan<byte> variables, ReadOnlySpan<long> timestamps, Span<byte> lines, Span<int> lineOffsets)
    {
        var count = timestamps.Length;
        var ints = ArrayPool<int>.Shared;
        var r = new ByteReader(templates);
        var templateCount = r.ReadCount();
        if (templateCount > templates.Length) throw new InvalidDataException("chunk template count is out of range");
        var templateStart = ints.Rent(templateCount + 1);
        var templateEnd = ints.Rent(templateCount + 1);
        var slotBase = ints.Rent(templateCount + 1);
        var lineTemplate = ints.Rent(Math.Max(1, count));
        var byTemplate = ints.Rent(Math.Max(1, count));
        var lineVarBase = ints.Rent(count + 1);
        int[]? varStart = null;
        int[]? markerAt = null;
        try
        {
            // Template t's text is templates[templateStart[t]..templateEnd[t]]; its slots are slotBase[t]..slotBase[t+1].
            slotBase[0] = 0;
            for (var t = 0; t < templateCount; t++)
            {
                var text = r.ReadBytes();
                templateStart[t] = r.Position - text.Length;
                templateEnd[t] = r.Position;
                slotBase[t + 1] = slotBase[t] + LineTemplateEncoder.SlotCount(text);
            }
            if (!r.End) throw new InvalidDataException("chunk templates section has trailing bytes");

            var idReader = new ByteReader(ids);
            var perTemplate = ints.Rent(templateCount + 1);
            try
            {
                Array.Clear(perTemplate, 0, templateCount + 1);
                var vars = 0;
                for (var i = 0; i < count; i++)
                {
                    var t = idReader.ReadCount();
                    if (t >= templateCount) throw new InvalidDataException("chunk line names a template that does not exist");
                    lineTemplate[i] = t;
                    lineVarBase[i] = vars;
                    vars += slotBase[t + 1] - slotBase[t];
                    perTemplate[t + 1]++;
                }
                lineVarBase[count] = vars;
                if (!idReader.End) throw new InvalidDataException("chunk template ids section has trailing bytes");
                for (var t = 0; t < templateCount; t++) perTemplate[t + 1] += perTemplate[t];
                for (var i = 0; i < count; i++) byTemplate[perTemplate[lineTemplate[i]]++] = i;

                // Variables come column by column: template by template, slot by slot, lines in order.
                varStart = ints.Rent(Math.Max(1, vars));
                var v = new ByteReader(variables);
                var from = 0;
                for (var t = 0; t < templateCount; t++)
                {
                    var to = perTemplate[t];
                    var text = templates[templateStart[t]..templateEnd[t]];
                    var slot = 0;
                    foreach (var marker in text)
                    {
                        if (marker is < LineTemplateEncoder.IntMarker or > LineTemplateEncoder.WordMarker) continue;
                        for (var k = from; k < to; k++)
                        {
                            varStart[lineVarBase[byTemplate[k]] + slot] = v.Position;
                            SkipVariable(ref v, marker);
                        }
                        slot++;
                    }
                    from = to;
                }
                if (!v.End) throw new InvalidDataException("chunk variables section has trailing bytes");
            }
            finally
            {
                ints.Return(perTemplate);
            }

            // Each template's marker positions, so a line copies its literal text in runs between variables.
            markerAt = ints.Rent(Math.Max(1, slotBase[templateCount]));
            for (var t = 0; t < templateCount; t++)
            {
                var text = templates[templateStart[t]..templateEnd[t]];
                var m = slotBase[t];
                for (var j = 0; j < text.Length; j++)
                {
                    if (text[j] is >= LineTemplateEncoder.IntMarker and <= LineTemplateEncoder.WordMarker) markerAt[m++] = j;
                }
            }

            var written = 0;
            for (var i = 0; i < count; i++)
            {
                lineOffsets[i] = written;
                var t = lineTemplate[i];
                var text = templates[templateStart[t]..templateEnd[t]];
                var slot = lineVarBase[i];
                var fraction = LineTemplateEncoder.FractionOfSecond(timestamps[i]);
                var literal = 0;
                for (var m = slotBase[t]; m < slotBase[t + 1]; m++)
                {
                    var at = markerAt[m];
                    written = CopyLiteral(text[literal..at], lines, written);
                    var value = new ByteReader(variables[varStart[slot++]..]);
                    written += WriteVariable(ref value, text[at], fraction, lines[written..]);
                    literal = at + 1;
                }
                written = CopyLiteral(text[literal..], lines, written);
            }
            lineOffsets[count] = written;
            if (written != lines.Length) throw new InvalidDataException("chunk templated lines do not add up to the line bytes");
        }
        finally
        {
            ints.Return(templateStart);
            ints.Return(templateEnd);
            ints.Return(slotBase);
            ints.Return(lineTemplate);
            ints.Return(byTemplate);
            ints.Return(lineVarBase);
            if (varStart is not null) ints.Return(varStart);
            if (markerAt is not null) ints.Return(markerAt);
        }
    }

    private static int CopyLiteral(ReadOnlySpan<byte> text, Span<byte> lines, int written)
    {
        if (text.Length > lines.Length - written) throw Overflow();
        text.CopyTo(lines[written..]);
        return written + text.Length;
    }

    private static void SkipVariable(ref ByteReader v, byte marker)
    {
        switch (marker)
        {
            case LineTemplateEncoder.IntMarker:
                var code = v.ReadVarUInt();
                if (code >= LineTemplateEncoder.FractionCodes && ((code - LineTemplateEncoder.FractionCodes) & 1) != 0) v.ReadVarUInt();
                break;
            case LineTemplateEncoder.HexMarker:
                v.Take((v.ReadCount() + 1) / 2);
                break;
            default:
                v.ReadBytes();
                break;
        }
    }

    private static int WriteVariable(ref ByteReader v, byte marker, long fraction, Span<byte> destination)
    {
        switch (marker)
        {
            case LineTemplateEncoder.IntMarker:
                {
                    var code = v.ReadVarUInt();
                    ulong value;
                    int digits;
                    if (code < LineTemplateEncoder.FractionCodes)
                    {
                        digits = (int)code + 1;
                        value = LineTemplateEncoder.FractionDigits(fraction, digits);
                    }
                    else
                    {
                        var encoded = code - LineTemplateEncoder.FractionCodes;
                        value = encoded >> 1;
                        digits = (encoded & 1) != 0 ? v.ReadCount() : LineTemplateEncoder.DigitCount(value);
                    }
                    if (digits > LineTemplateEncoder.MaxIntDigits || digits < LineTemplateEncoder.DigitCount(value)) throw new InvalidDataException("chunk number has a bad digit count");
                    if (digits > destination.Length) throw Overflow();
                    for (var i = digits - 1; i >= 0; i--)
                    {
                        destination[i] = (byte)('0' + value % 10);
                        value /= 10;
                    }
                    return digits;
                }
            case LineTemplateEncoder.HexMarker:
                {
                    var nibbles = v.ReadCount();
                    var packed = v.Take((nibbles + 1) / 2);
                    if (nibbles > destination.Length) throw Overflow();
                    for (var i = 0; i < nibbles; i++)
                    {
                        var n = (i & 1) == 0 ? packed[i / 2] >> 4 : packed[i / 2] & 0xF;
                        destination[i] = (byte)(n < 10 ? '0' + n : 'a' + n - 10);
                    }
                    return nibbles;
                }
            default:
                {
                    var word = v.ReadBytes();
                    if (word.Length > destination.Length) throw Overflow();
                    word.CopyTo(destination);
                    return word.Length;
                }
        }
    }

    private static InvalidDataException Overflow() => new("chunk templated lines are longer than the recorded line bytes");
}
