using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Filtering;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary><c>filter</c>: drops spans, span events, metrics, data points and log records matching conditions (see <see cref="FilterRules"/>).</summary>
public sealed class FilterProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public string Type => "filter";

    public void Validate(ComponentSettings settings) => FilterRules.Parse(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context) =>
        new TraceFilterProcessor(FilterRules.Parse(settings), next, new FilterMetrics(context.Meter, settings.Id));

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context) =>
        new MetricFilterProcessor(FilterRules.Parse(settings), next, new FilterMetrics(context.Meter, settings.Id));

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context) =>
        new LogFilterProcessor(FilterRules.Parse(settings), next, new FilterMetrics(context.Meter, settings.Id));
}
