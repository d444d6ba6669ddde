using Orrery.Signals.Traces;

namespace Orrery.Signals.Otlp;

/// <summary>
/// The spans of a batch grouped back into OTLP's ResourceSpans / ScopeSpans nesting, whatever
/// order the rows are in (a batch assembled from storage is sorted by trace, not by scope).
/// Two counting sorts: spans by scope, then scopes by resource; row order is kept inside each
/// group, so a batch decoded from a request comes back in the request's order.
/// </summary>
public sealed class SpanGrouping
{
    private readonly int[] _spanOrder;
    private readonly int[] _scopeStart;
    private readonly int[] _scopeOrder;
    private readonly int[] _resourceStart;

    public SpanGrouping(SpanBatch batch)
    {
        var scopes = batch.Scopes.Count;
        var resources = batch.Resources.Count;

        _scopeStart = new int[scopes + 1];
        var spans = batch.Spans.AsSpan();
        foreach (ref readonly var span in spans) _scopeStart[span.Scope + 1]++;
        for (var s = 0; s < scopes; s++) _scopeStart[s + 1] += _scopeStart[s];
        _spanOrder = new int[spans.Length];
        var next = _scopeStart[..^1];
        for (var i = 0; i < spans.Length; i++) _spanOrder[next[spans[i].Scope]++] = i;

        _resourceStart = new int[resources + 1];
        var usedScopes = 0;
        for (var s = 0; s < scopes; s++)
        {
            if (_scopeStart[s + 1] == _scopeStart[s]) continue;
            _resourceStart[batch.Scopes[s].Resource + 1]++;
            usedScopes++;
        }
        for (var r = 0; r < resources; r++) _resourceStart[r + 1] += _resourceStart[r];
        _scopeOrder = new int[usedScopes];
        var nextScope = _resourceStart[..^1];
        for (var s = 0; s < scopes; s++)
        {
            if (_scopeStart[s + 1] == _scopeStart[s]) continue;
            _scopeOrder[nextScope[batch.Scopes[s].Resource]++] = s;
        }
    }

    public int ResourceCount => _resourceStart.Length - 1;

    public bool HasSpans(int resource) => _resourceStart[resource + 1] > _resourceStart[resource];

    /// <summary>The scope rows of <paramref name="resource"/> that have spans, in row order.</summary>
    public ReadOnlySpan<int> ScopesOf(int resource) =>
        _scopeOrder.AsSpan(_resourceStart[resource], _resourceStart[resource + 1] - _resourceStart[resource]);

    /// <summary>The span rows of <paramref name="scope"/>, in row order.</summary>
    public ReadOnlySpan<int> SpansOf(int scope) =>
        _spanOrder.AsSpan(_scopeStart[scope], _scopeStart[scope + 1] - _scopeStart[scope]);
}
