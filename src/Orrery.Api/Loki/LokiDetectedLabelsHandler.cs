using Microsoft.AspNetCore.Http;
using Orrery.Signals;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

public sealed record DetectedLabel(string Label, long Cardinality);

public sealed record LokiDetectedLabelsResult(IReadOnlyList<DetectedLabel> Labels) : LokiResult;

/// <summary>
/// <c>/loki/api/v1/detected_labels</c>: the stream labels of the streams a selector matches (all
/// streams without one) with their number of distinct values, from the index alone. Internal
/// labels (<c>__…</c>) are left out.
/// </summary>
public sealed class LokiDetectedLabelsHandler(ILogReader reader, TimeProvider clock)
{
    private const long Second = 1_000_000_000;
    private const long DefaultLookback = 3600 * Second;

    public LokiResult Handle(string tenant, LokiParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var now = (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        if (!parameters.TryGetRange(now, DefaultLookback, out var start, out var end, out var error)
            || !LokiLabelsHandler.TryOptionalSelector(parameters.Get("query"), out var matchers, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        var range = new TimeRange(start, end);
        var labels = reader.LabelNames(tenant, range, matchers)
            .Where(name => !name.StartsWith("__", StringComparison.Ordinal))
            .Select(name => new DetectedLabel(name, reader.LabelValues(tenant, name, range, matchers).Count))
            .Where(label => label.Cardinality > 0)
            .ToList();
        return new LokiDetectedLabelsResult(labels);
    }
}
