using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// A trace of a tenant, the tenant as the sampler's small number: the key of the sampler's big
/// tables (held traces, remembered decisions). It holds no reference, so those tables, however
/// large, give the garbage collector nothing to trace and no card to mark when they change.
/// </summary>
internal readonly record struct TenantTrace(int Tenant, TraceId TraceId);

internal sealed class TenantTraceComparer : IEqualityComparer<TenantTrace>
{
    public static readonly TenantTraceComparer Instance = new();

    public bool Equals(TenantTrace x, TenantTrace y) => x.TraceId.Low == y.TraceId.Low && x.TraceId.High == y.TraceId.High && x.Tenant == y.Tenant;

    // Trace ids are random; mixing both halves also spreads ids from generators that zero one half.
    public int GetHashCode(TenantTrace k) => (int)k.TraceId.Low ^ (int)(k.TraceId.Low >> 32) ^ (int)k.TraceId.High ^ (int)(k.TraceId.High >> 32) ^ k.Tenant;
}
