using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Processors.Batching;

/// <summary>
/// <c>batch</c> settings with the collector's names and defaults: <c>send_batch_size</c> 8192,
/// <c>timeout</c> 200ms, <c>send_batch_max_size</c> 0 (no cut). Items are spans, samples or log records.
/// </summary>
internal sealed record BatchSettings(int SendBatchSize, int SendBatchMaxSize, TimeSpan Timeout)
{
    public static BatchSettings Parse(ComponentSettings settings)
    {
        settings.RejectUnknownKeys("send_batch_size", "send_batch_max_size", "timeout", "metadata_keys", "metadata_cardinality_limit");
        var size = settings.GetInt64("send_batch_size", 8192);
        var max = settings.GetInt64("send_batch_max_size", 0);
        var timeout = settings.GetDuration("timeout", TimeSpan.FromMilliseconds(200));
        if (size is < 1 or > int.MaxValue) throw Error(settings, "send_batch_size", "send_batch_size must be at least 1");
        if (max < 0 || max > int.MaxValue || (max > 0 && max < size)) throw Error(settings, "send_batch_max_size", "send_batch_max_size must be 0 (no limit) or at least send_batch_size");
        if (timeout < TimeSpan.Zero) throw Error(settings, "timeout", "timeout must not be negative");
        return new BatchSettings((int)size, (int)max, timeout);
    }

    private static PipelineConfigException Error(ComponentSettings settings, string key, string message) =>
        ComponentSettings.Error(settings.Get(key)!, $"{settings.Id}: {message}");
}
