using System.Text;

namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>probabilistic</c>: keeps <c>sampling_percentage</c> percent of traces by a hash of the
/// trace id (64-bit FNV-1a over <c>hash_salt</c> then the id's 16 bytes), so every node that
/// sees a trace decides the same and a trace is never half kept. The default salt is the
/// collector's, so both keep the same traces.
/// </summary>
public sealed class ProbabilisticPolicy : ISamplingPolicy
{
    public const string DefaultSalt = "default-hash-seed";

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private readonly ulong _saltHash;
    private readonly ulong _threshold;
    private readonly bool _all;

    public ProbabilisticPolicy(string name, double percentage, string salt = DefaultSalt)
    {
        Name = name;
        _saltHash = Fnv(FnvOffset, Encoding.UTF8.GetBytes(salt));
        _all = percentage >= 100;
        // ulong.MaxValue is not exactly representable as a double; below 100% the product stays in range.
        _threshold = percentage <= 0 ? 0 : _all ? ulong.MaxValue : (ulong)(percentage / 100 * ulong.MaxValue);
    }

    public string Name { get; }

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs) =>
        _all || _threshold > 0 && Hash(trace.TraceId) <= _threshold ? SamplingDecision.Sampled : SamplingDecision.NotSampled;

    public ulong Hash(Orrery.Signals.TraceId id)
    {
        Span<byte> bytes = stackalloc byte[Orrery.Signals.TraceId.Size];
        id.WriteTo(bytes);
        return Fnv(_saltHash, bytes);
    }

    private static ulong Fnv(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }
}
