using static Orrery.Receive.Scrape.Exposition.ExpositionTokens;

namespace Orrery.Receive.Scrape.Exposition;

/// <summary>
/// Walks a label set the <see cref="ExpositionReader"/> has already validated (the text between
/// the braces), yielding names and still-escaped values as slices of the body.
/// </summary>
public ref struct LabelEnumerator
{
    private readonly ReadOnlySpan<byte> _text;
    private int _i;

    internal LabelEnumerator(ReadOnlySpan<byte> text) => _text = text;

    public bool MoveNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> rawValue)
    {
        while (_i < _text.Length && (IsBlank(_text[_i]) || _text[_i] == (byte)','))
        {
            _i++;
        }
        if (_i >= _text.Length)
        {
            name = rawValue = default;
            return false;
        }
        var nameLength = LabelNameLength(_text[_i..]);
        name = _text.Slice(_i, nameLength);
        _i = _text[(_i + nameLength)..].IndexOf((byte)'"') + _i + nameLength + 1;
        var close = ExpositionReader.ClosingQuote(_text, _i);
        rawValue = _text[_i..close];
        _i = close + 1;
        return true;
    }
}
