using Orrery.Pipeline.Processors.Attributes;
using Orrery.Signals.Logs;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>attributes</c>: runs <see cref="AttributeAction"/>s, in order, on span attributes; on metric
/// series labels; on log records' structured metadata.
/// </summary>
public sealed class AttributesProcessorFactory : AttributeEditingProcessorFactory
{
    public override string Type => "attributes";

    private protected override void EditSpans(SpanBatch batch, Action<IAttributeEditor> apply) => AttributeTables.EditSpanAttributes(batch, apply);

    private protected override void EditLogs(LogBatch batch, Action<IAttributeEditor> apply) => AttributeTables.EditRecordMetadata(batch, apply);
}
