using Orrery.Query.PromQL.Syntax;
using Orrery.Storage.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// Evaluates PromQL over an <see cref="IMetricReader"/> with Prometheus's semantics: each
/// selector's series are read once per query (not once per step), range queries step from
/// start to end inclusive, results come back as <see cref="PromValue"/>s. Callable from the
/// HTTP API and from rule evaluation alike.
/// </summary>
public sealed class PromQLEngine(IMetricReader reader, PromQLOptions? options = null)
{
    public PromQLOptions Options { get; } = options ?? new PromQLOptions();

    public IMetricReader Reader { get; } = reader;

    /// <summary>
    /// An instant query at <paramref name="timeMs"/>. Throws <see cref="PromQLException"/> for
    /// evaluation errors, limits and timeouts (<paramref name="timeout"/> lowers
    /// <see cref="PromQLOptions.Timeout"/>).
    /// </summary>
    public PromQLResult Instant(string tenant, PromExpr expr, long timeMs, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("PromQL engine: being written");

    /// <summary>A range query: evaluated at start, start+step, … ≤ end; the value is always a <see cref="MatrixValue"/>.</summary>
    public PromQLResult Range(string tenant, PromExpr expr, long startMs, long endMs, long stepMs, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("PromQL engine: being written");
}
