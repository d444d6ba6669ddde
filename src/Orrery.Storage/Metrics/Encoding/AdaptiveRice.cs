using System.Numerics;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// Adaptive Golomb-Rice code for the zig-zagged residuals of the chunk predictors (JPEG-LS's
/// context rule): k is the smallest with <c>N·2^k ≥ A</c>, where A sums the last ~32 residuals.
/// A value costs q ones, a zero and k bits, q = u >> k; so a run of zeros costs one bit per
/// sample (as Gorilla's '0') and small jitter a few bits, near its entropy, without a per-chunk
/// parameter. Values with q ≥ <see cref="Limit"/> escape: Limit ones, a 7-bit length L, then L bits.
/// Length codes above 64 are free for callers (<see cref="ExceptionCode"/>).
/// Encoder and decoder update the same state from the same values, so nothing else is stored.
/// </summary>
internal struct AdaptiveRice
{
    public const int Limit = 24;
    public const int ExceptionCode = 127;
    private const int ResetAt = 32;
    // A contribution cap keeps A within 64 bits: ResetAt * 2^48 < 2^54.
    private const ulong MaxContribution = 1UL << 48;

    // A and N packed in one word (the state is in every open head chunk twice): A < 2^54 in the
    // low bits, N ≤ ResetAt in the top six.
    private const int CountShift = 58;
    private const ulong SumMask = (1UL << CountShift) - 1;

    private ulong _state;

    public static AdaptiveRice Create() => new() { _state = 1 | (1UL << CountShift) };

    private readonly ulong Sum => _state & SumMask;

    private readonly int Count => (int)(_state >> CountShift);

    public readonly int K
    {
        get
        {
            var sum = Sum;
            var count = (ulong)Count;
            // Start a little below the answer (count·2^k < sum for this k) instead of at 0.
            var k = Math.Max(0, BitOperations.Log2(sum) - BitOperations.Log2(count) - 1);
            while ((count << k) < sum) k++;
            return k;
        }
    }

    private void Update(ulong u)
    {
        var sum = Sum + Math.Min(u, MaxContribution);
        var count = Count + 1;
        if (count >= ResetAt)
        {
            sum = Math.Max(1, sum >> 1);
            count >>= 1;
        }
        _state = sum | ((ulong)count << CountShift);
    }

    public void Write(ref BitWriter w, ulong u)
    {
        var k = K;
        var q = u >> k;
        if (q < Limit)
        {
            w.WriteBits((1UL << (int)q) - 1, (int)q);
            w.WriteBit(false);
            w.WriteBits(u, k);
        }
        else
        {
            var length = 64 - BitOperations.LeadingZeroCount(u);
            w.WriteBits((1UL << Limit) - 1, Limit);
            w.WriteBits((ulong)length, 7);
            w.WriteBits(u, length);
        }
        Update(u);
    }

    /// <summary>Writes the escape for a value the caller stores raw after it; the state is untouched.</summary>
    public static void WriteException(ref BitWriter w)
    {
        w.WriteBits((1UL << Limit) - 1, Limit);
        w.WriteBits(ExceptionCode, 7);
    }

    /// <summary>Reads one value; false when the caller's exception code was read instead.</summary>
    public bool TryRead(ref BitReader r, out ulong u)
    {
        var k = K;
        var q = r.ReadOnes(Limit);
        if (q < Limit)
        {
            u = ((ulong)q << k) | r.ReadBits(k);
        }
        else
        {
            var length = (int)r.ReadBits(7);
            if (length == ExceptionCode)
            {
                u = 0;
                return false;
            }
            if (length > 64) throw new InvalidDataException("bad escape length in chunk");
            u = r.ReadBits(length);
        }
        Update(u);
        return true;
    }
}
