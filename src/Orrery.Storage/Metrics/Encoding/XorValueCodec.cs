using System.Numerics;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// Gorilla's float code: the first value raw; then '0' for a repeat, '10' + the XOR's meaningful
/// bits when they fit the previous leading/trailing-zero window, else '11' + 5 bits of leading
/// zeros + 6 bits of width (64 as 0) + the bits.
/// </summary>
internal struct XorValueCodec
{
    private ulong _previous;
    private bool _hasWindow;
    private byte _leading;
    private byte _trailing;

    public void Write(ref BitWriter w, bool first, double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var xor = bits ^ _previous;
        _previous = bits;
        if (first)
        {
            w.WriteBits(bits, 64);
            return;
        }
        if (xor == 0)
        {
            w.WriteBit(false);
            return;
        }
        w.WriteBit(true);
        var leading = (byte)Math.Min(31, BitOperations.LeadingZeroCount(xor));
        var trailing = (byte)BitOperations.TrailingZeroCount(xor);
        if (_hasWindow && leading >= _leading && trailing >= _trailing)
        {
            w.WriteBit(false);
            w.WriteBits(xor >> _trailing, 64 - _leading - _trailing);
            return;
        }
        w.WriteBit(true);
        var width = 64 - leading - trailing;
        w.WriteBits(leading, 5);
        w.WriteBits((ulong)(width & 63), 6);
        w.WriteBits(xor >> trailing, width);
        _hasWindow = true;
        _leading = leading;
        _trailing = trailing;
    }

    public double Read(ref BitReader r, bool first)
    {
        if (first)
        {
            _previous = r.ReadBits(64);
        }
        else if (r.ReadBit())
        {
            if (r.ReadBit())
            {
                _leading = (byte)r.ReadBits(5);
                var width = (int)r.ReadBits(6);
                if (width == 0) width = 64;
                if (_leading + width > 64) throw new InvalidDataException("bad XOR window");
                _trailing = (byte)(64 - _leading - width);
                _hasWindow = true;
            }
            else if (!_hasWindow)
            {
                throw new InvalidDataException("XOR window reused before one was set");
            }
            _previous ^= r.ReadBits(64 - _leading - _trailing) << _trailing;
        }
        return BitConverter.UInt64BitsToDouble(_previous);
    }
}
