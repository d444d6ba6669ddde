using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Signals;

namespace Orrery.Pipeline.Processors.Limits;

/// <summary>
/// Per-tenant ingestion limits in items/s and bytes/s, each a token bucket with a burst. A batch
/// is admitted only when both buckets hold enough for all of it (all or nothing: a client retries
/// whole requests); otherwise it is refused, retryable, with the time until the buckets refill.
/// A batch bigger than a burst can never pass and is refused for good.
/// </summary>
internal sealed class RateLimiter(RateLimitSettings settings, PipelineContext context, string processorId)
{
    private readonly ConcurrentDictionary<string, TenantBuckets> _tenants = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = context.Time;
    private readonly Counter<long> _refused = context.Meter.CreateCounter<long>("orrery_processor_rate_limiter_refused", "items", "Items refused by per-tenant rate limits.");
    private readonly string _processorId = processorId;

    public void Admit(string tenant, long items, long bytes)
    {
        var limits = settings.For(tenant);
        CheckBurst(limits.Items, items, "items");
        CheckBurst(limits.Bytes, bytes, "bytes");
        var buckets = _tenants.GetOrAdd(tenant, static (_, state) => state.Self.NewBuckets(state.Limits), (Self: this, Limits: limits));
        TimeSpan wait;
        lock (buckets)
        {
            var now = _time.GetTimestamp();
            buckets.Items?.Refill(now, _time.TimestampFrequency);
            buckets.Bytes?.Refill(now, _time.TimestampFrequency);
            var itemsWait = buckets.Items?.WaitFor(items) ?? TimeSpan.Zero;
            var bytesWait = buckets.Bytes?.WaitFor(bytes) ?? TimeSpan.Zero;
            wait = itemsWait > bytesWait ? itemsWait : bytesWait;
            if (wait == TimeSpan.Zero)
            {
                buckets.Items?.Take(items);
                buckets.Bytes?.Take(bytes);
                return;
            }
        }
        _refused.Add(items, new KeyValuePair<string, object?>("processor", _processorId), new KeyValuePair<string, object?>("tenant", tenant));
        throw new ConsumerRejectedException($"tenant '{tenant}' is over its ingestion rate limit, retry in {Math.Ceiling(wait.TotalSeconds)}s", retryable: true)
        {
            RetryAfter = wait,
        };
    }

    private TenantBuckets NewBuckets(TenantLimits limits)
    {
        var now = _time.GetTimestamp();
        return new TenantBuckets(
            limits.Items is { } i ? new TokenBucket(i.PerSecond, i.Burst, now) : null,
            limits.Bytes is { } b ? new TokenBucket(b.PerSecond, b.Burst, now) : null);
    }

    private static void CheckBurst(RateLimit? limit, long amount, string unit)
    {
        if (limit is { } l && amount > l.Burst)
            throw new ConsumerRejectedException($"a batch of {amount} {unit} exceeds the rate limit's burst of {l.Burst}; send smaller batches", retryable: false);
    }

    private sealed record TenantBuckets(TokenBucket? Items, TokenBucket? Bytes);
}

internal readonly record struct RateLimit(double PerSecond, double Burst);

internal sealed record TenantLimits(RateLimit? Items, RateLimit? Bytes);

/// <summary>
/// <c>rate_limiter</c> settings:
/// <code>
/// rate_limiter:
///   items_per_second: 50000     # spans, samples or log records
///   items_burst: 100000         # default: one second's worth
///   bytes_per_second: 20971520
///   bytes_burst: 41943040
///   tenants:                    # overrides for some tenants, same keys
///     big-team: { items_per_second: 200000 }
/// </code>
/// Unset limits do not apply; every tenant gets its own buckets.
/// </summary>
internal sealed class RateLimitSettings
{
    private readonly TenantLimits _default;
    private readonly Dictionary<string, TenantLimits> _overrides;

    private RateLimitSettings(TenantLimits defaults, Dictionary<string, TenantLimits> overrides)
    {
        _default = defaults;
        _overrides = overrides;
    }

    public TenantLimits For(string tenant) => _overrides.TryGetValue(tenant, out var limits) ? limits : _default;

    public static RateLimitSettings Parse(ComponentSettings settings)
    {
        settings.RejectUnknownKeys("items_per_second", "items_burst", "bytes_per_second", "bytes_burst", "tenants");
        var defaults = Limits(settings, null);
        var overrides = new Dictionary<string, TenantLimits>(StringComparer.Ordinal);
        if (settings.GetSection("tenants") is { } tenants)
        {
            foreach (var (key, _) in tenants.Body.Children)
            {
                var tenant = (key as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "";
                var section = tenants.GetSection(tenant) ?? new ComponentSettings(tenants.Id + "." + tenant, null, (int)key.Start.Line);
                section.RejectUnknownKeys("items_per_second", "items_burst", "bytes_per_second", "bytes_burst");
                overrides[tenant] = Limits(section, defaults);
            }
        }
        return new RateLimitSettings(defaults, overrides);
    }

    private static TenantLimits Limits(ComponentSettings s, TenantLimits? inherit) =>
        new(Limit(s, "items", inherit?.Items), Limit(s, "bytes", inherit?.Bytes));

    private static RateLimit? Limit(ComponentSettings s, string unit, RateLimit? inherit)
    {
        var rate = s.GetDouble(unit + "_per_second", inherit?.PerSecond ?? 0);
        if (rate < 0) throw ComponentSettings.Error(s.Get(unit + "_per_second")!, $"{s.Id}: {unit}_per_second must not be negative");
        if (rate == 0) return null;
        // One second's worth by default: a client sending at the limit in one batch a second passes.
        var burst = s.GetDouble(unit + "_burst", s.Get(unit + "_per_second") is null && inherit is { } i ? i.Burst : rate);
        if (burst <= 0) throw ComponentSettings.Error(s.Get(unit + "_burst")!, $"{s.Id}: {unit}_burst must be greater than zero");
        return new RateLimit(rate, burst);
    }
}
