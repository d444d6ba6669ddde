using Orrery.Query.LogQL.Syntax;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>A TraceQL metrics query split into its parts: the spanset pipeline, the metrics function, and topk/bottomk.</summary>
public sealed record MetricsQuery(Pipeline Spansets, MetricsAggregate Aggregate, MetricsSecondStage? SecondStage)
{
    /// <summary>Parses a query; throws <see cref="TraceQLParseException"/> or, when it has no metrics function, <see cref="TraceQLMetricsException"/>.</summary>
    public static MetricsQuery Parse(string query) => From(TraceQLParser.Parse(query));

    public static MetricsQuery From(TraceQLQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stages = query.Pipeline.Stages;
        var index = -1;
        for (var i = 0; i < stages.Count; i++)
        {
            if (stages[i] is MetricsAggregate)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
            throw new TraceQLMetricsException("a metrics query must end with a metrics function, e.g. { } | rate(); use /api/search for spanset queries");
        var aggregate = (MetricsAggregate)stages[index];
        MetricsSecondStage? second = null;
        for (var i = index + 1; i < stages.Count; i++)
        {
            if (stages[i] is MetricsSecondStage stage && second is null) second = stage;
            else throw new TraceQLMetricsException($"'{stages[i]}' after '{aggregate}' is not supported; only topk() or bottomk() may follow a metrics function");
        }
        if (aggregate.Function == MetricsFunction.Compare && aggregate.By.Count > 0)
            throw new TraceQLMetricsException("compare() cannot be combined with by()");
        var spansets = new Pipeline(EquatableList.Of(stages.Take(index)));
        return new MetricsQuery(spansets, aggregate, second);
    }
}
