using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// The writing side of a decimal-mode chunk's values (<see cref="XorIterator"/> reads them): the
/// first mantissa as a zig-zag varint, then per <see cref="ValueMode"/> the Rice-coded delta,
/// delta of deltas or unsigned rise; values with no mantissa at the chunk's exponent as an
/// exception code and the raw 64 bits.
/// </summary>
internal struct DecimalValueCodec
{
    private long _previous;
    private long _previousDelta;
    private AdaptiveRice _rice;

    public static DecimalValueCodec Create() => new() { _rice = AdaptiveRice.Create() };

    /// <summary>False (nothing written) when <paramref name="value"/> has no mantissa at <paramref name="exponent"/>: the caller writes an exception.</summary>
    public bool TryWrite(ref BitWriter w, ValueMode mode, int exponent, bool first, double value)
    {
        if (!DecimalValue.TryEncode(value, exponent, out var mantissa)) return false;
        if (first)
        {
            w.WriteVarBits(VarInt.ZigZag(mantissa));
        }
        else
        {
            var delta = mantissa - _previous;
            if (mode == ValueMode.DecimalRise)
            {
                if (delta < 0) throw new InvalidOperationException("a rising-decimal chunk got a falling value");
                _rice.Write(ref w, (ulong)delta);
            }
            else
            {
                var residual = mode == ValueMode.DecimalDod ? delta - _previousDelta : delta;
                _rice.Write(ref w, VarInt.ZigZag(residual));
            }
            _previousDelta = delta;
        }
        _previous = mantissa;
        return true;
    }

    /// <summary>Writes a value the chunk's exponent cannot carry (NaN, ±Inf, -0.0) raw behind the exception code.</summary>
    public static void WriteException(ref BitWriter w, double value)
    {
        AdaptiveRice.WriteException(ref w);
        w.WriteBits(BitConverter.DoubleToUInt64Bits(value), 64);
    }
}
