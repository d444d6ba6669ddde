using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Signals;

namespace Orrery.Pipeline.Processors.Limits;

/// <summary>
/// The decision of a <c>memory_limiter</c>: refuse new data while memory in use is above the soft
/// limit (hard limit minus spike allowance). Memory is sampled at most once per check interval,
/// on the calling thread, so an idle process does no work. Above the hard limit a full collection
/// is forced, as the collector does, so garbage held by the flood is given back before the next check.
/// Above the soft limit one is forced too, at most once a second: data a flood left in the oldest
/// generation is garbage once its stage lets go of it, but while everything is refused little is
/// allocated, no full collection comes by itself, and the heap would stay "full" for ever.
/// </summary>
/// <remarks>
/// Memory in use is the managed heap (<see cref="GC.GetTotalMemory(bool)"/>): batches, arenas and
/// buffers of in-flight data all live there, which is what a flood grows.
/// </remarks>
internal sealed class MemoryLimiter
{
    private readonly Func<long> _memoryInUse;
    private readonly TimeProvider _time;
    private readonly long _checkIntervalTicks;
    private readonly Counter<long> _refused;
    private readonly KeyValuePair<string, object?> _processor;
    private readonly object _gate = new();
    private long _lastCheck = long.MinValue;
    private long _lastCollection = long.MinValue;
    private long _lastMeasured;
    private volatile bool _refusing;

    public MemoryLimiter(MemoryLimiterSettings settings, PipelineContext context, string processorId, Func<long>? memoryInUse = null)
    {
        Settings = settings;
        _memoryInUse = memoryInUse ?? (() => GC.GetTotalMemory(forceFullCollection: false));
        _time = context.Time;
        _checkIntervalTicks = (long)(settings.CheckInterval.TotalSeconds * context.Time.TimestampFrequency);
        _refused = context.Meter.CreateCounter<long>("orrery_processor_memory_limiter_refused", "batches", "Batches refused because memory use was above the soft limit.");
        _processor = new("processor", processorId);
        // What the limit is compared with, so an operator (or a test) can see why data is refused.
        context.Meter.CreateObservableGauge("orrery_processor_memory_limiter_memory_in_use", () => new Measurement<long>(Volatile.Read(ref _lastMeasured), _processor), "bytes", "Memory in use at the limiter's last check.");
    }

    public MemoryLimiterSettings Settings { get; }

    /// <summary>Throws a retryable <see cref="ConsumerRejectedException"/> while above the soft limit.</summary>
    public void Admit()
    {
        Check();
        if (!_refusing) return;
        _refused.Add(1, _processor);
        throw new ConsumerRejectedException(
            $"memory limit: {Settings.SoftLimitBytes / (1024 * 1024)} MiB in use exceeded, retry later", retryable: true)
        {
            RetryAfter = Settings.CheckInterval,
        };
    }

    private void Check()
    {
        var now = _time.GetTimestamp();
        if (now - Volatile.Read(ref _lastCheck) < _checkIntervalTicks && _lastCheck != long.MinValue) return;
        lock (_gate)
        {
            if (now - _lastCheck < _checkIntervalTicks && _lastCheck != long.MinValue) return;
            _lastCheck = now;
            var used = _memoryInUse();
            if (used >= Settings.HardLimitBytes || (used >= Settings.SoftLimitBytes && (_lastCollection == long.MinValue || now - _lastCollection >= _time.TimestampFrequency)))
            {
                _lastCollection = now;
                GC.Collect();
                used = _memoryInUse();
            }
            Volatile.Write(ref _lastMeasured, used);
            _refusing = used >= Settings.SoftLimitBytes;
        }
    }
}

/// <summary>
/// <c>memory_limiter</c> settings as the collector names them: <c>check_interval</c>, and either
/// <c>limit_mib</c> (+ <c>spike_limit_mib</c>, default 20% of it) or <c>limit_percentage</c>
/// (+ <c>spike_limit_percentage</c>) of the memory available to the process (the container's limit when there is one).
/// </summary>
internal sealed record MemoryLimiterSettings(TimeSpan CheckInterval, long HardLimitBytes, long SpikeBytes)
{
    public long SoftLimitBytes => HardLimitBytes - SpikeBytes;

    public static MemoryLimiterSettings Parse(ComponentSettings settings, long? availableBytes = null)
    {
        settings.RejectUnknownKeys("check_interval", "limit_mib", "spike_limit_mib", "limit_percentage", "spike_limit_percentage");
        var interval = settings.GetDuration("check_interval", TimeSpan.FromSeconds(1));
        if (interval <= TimeSpan.Zero) throw Error(settings, "check_interval", "check_interval must be greater than zero");
        const long MiB = 1024 * 1024;
        var limitMib = settings.GetInt64("limit_mib", 0);
        var percentage = settings.GetInt64("limit_percentage", 0);
        long hard, spike;
        if (limitMib > 0)
        {
            if (percentage > 0) throw Error(settings, "limit_percentage", "set limit_mib or limit_percentage, not both");
            hard = limitMib * MiB;
            var spikeMib = settings.GetInt64("spike_limit_mib", limitMib / 5);
            if (spikeMib < 0 || spikeMib >= limitMib) throw Error(settings, "spike_limit_mib", "spike_limit_mib must be at least 0 and below limit_mib");
            spike = spikeMib * MiB;
        }
        else if (percentage > 0)
        {
            if (percentage > 100) throw Error(settings, "limit_percentage", "limit_percentage must be between 1 and 100");
            var spikePercentage = settings.GetInt64("spike_limit_percentage", percentage / 5);
            if (spikePercentage < 0 || spikePercentage >= percentage) throw Error(settings, "spike_limit_percentage", "spike_limit_percentage must be at least 0 and below limit_percentage");
            var available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            hard = available / 100 * percentage;
            spike = available / 100 * spikePercentage;
        }
        else
        {
            throw new PipelineConfigException($"{settings.Id}: set limit_mib or limit_percentage", settings.Line);
        }
        return new MemoryLimiterSettings(interval, hard, spike);
    }

    private static PipelineConfigException Error(ComponentSettings settings, string key, string message) =>
        settings.Get(key) is { } node ? ComponentSettings.Error(node, $"{settings.Id}: {message}") : new PipelineConfigException($"{settings.Id}: {message}", settings.Line);
}
