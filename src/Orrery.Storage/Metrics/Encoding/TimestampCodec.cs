using System.Numerics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// Timestamps of a chunk: the first as a zig-zag varint, the second as a delta (6-bit length,
/// then its bits: the scrape interval costs ~20 bits once), every later one as the Rice-coded
/// delta of deltas. Regular scrapes cost one bit a sample, a few ms of jitter ~5.
/// </summary>
internal struct TimestampCodec
{
    private long _previous;
    private long _delta;
    private AdaptiveRice _rice;

    public static TimestampCodec Create() => new() { _rice = AdaptiveRice.Create() };

    /// <summary>The last timestamp written, read or passed to <see cref="Skip"/>.</summary>
    public readonly long Previous => _previous;

    /// <summary>Notes a timestamp stored elsewhere (a shared column) without writing it.</summary>
    public void Skip(long t) => _previous = t;

    /// <summary>Writes sample <paramref name="index"/>'s timestamp; the caller has checked it increases.</summary>
    public void Write(ref BitWriter w, int index, long t)
    {
        if (index == 0)
        {
            w.WriteVarBits(VarInt.ZigZag(t));
        }
        else
        {
            var delta = t - _previous;
            if (index == 1)
            {
                var length = 64 - BitOperations.LeadingZeroCount((ulong)delta);
                w.WriteBits((ulong)length, 6);
                w.WriteBits((ulong)delta, length);
            }
            else
            {
                _rice.Write(ref w, VarInt.ZigZag(delta - _delta));
            }
            _delta = delta;
        }
        _previous = t;
    }

    public long Read(ref BitReader r, int index)
    {
        if (index == 0)
        {
            _previous = VarInt.UnZigZag(r.ReadVarBits());
            return _previous;
        }
        if (index == 1)
        {
            var length = (int)r.ReadBits(6);
            _delta = (long)r.ReadBits(length);
        }
        else
        {
            if (!_rice.TryRead(ref r, out var u)) throw new InvalidDataException("exception code in a timestamp");
            _delta += VarInt.UnZigZag(u);
        }
        _previous += _delta;
        return _previous;
    }
}
