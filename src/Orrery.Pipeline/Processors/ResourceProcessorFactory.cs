using Orrery.Pipeline.Processors.Attributes;
using Orrery.Signals.Logs;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>resource</c>: runs <see cref="AttributeAction"/>s on resource attributes of spans; on log
/// stream labels (where a log's resource went). Metrics carry their resource as series labels
/// (job, instance, promoted attributes), so on metrics it edits series labels like <c>attributes</c>.
/// </summary>
public sealed class ResourceProcessorFactory : AttributeEditingProcessorFactory
{
    public override string Type => "resource";

    private protected override void EditSpans(SpanBatch batch, Action<IAttributeEditor> apply) => AttributeTables.EditResourceAttributes(batch, apply);

    private protected override void EditLogs(LogBatch batch, Action<IAttributeEditor> apply) => AttributeTables.EditStreamLabels(batch, apply);
}
