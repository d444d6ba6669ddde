using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Traces;

/// <summary>A span matches when it satisfies every condition (AND), as Tempo's tag search requires.</summary>
public sealed class SpanConditionFilter : ISpanFilter
{
    private readonly CompiledCondition[] _conditions;

    public SpanConditionFilter(IReadOnlyList<SpanCondition> conditions)
    {
        _conditions = new CompiledCondition[conditions.Count];
        for (var i = 0; i < conditions.Count; i++) _conditions[i] = new CompiledCondition(conditions[i]);
    }

    public bool Matches(SpanBatch batch, int row)
    {
        foreach (var c in _conditions)
        {
            if (!c.Matches(batch, row)) return false;
        }
        return true;
    }
}
