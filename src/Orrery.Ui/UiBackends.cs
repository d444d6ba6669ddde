using Orrery.Query.PromQL.Engine;
using Orrery.Storage.Logs;
using Orrery.Storage.Metrics;
using Orrery.Storage.Traces;

namespace Orrery.Ui;

/// <summary>
/// What the web UI's own endpoints read. The pages themselves call the same Tempo, Prometheus and
/// Loki APIs Grafana does; these are for views those APIs do not answer (critical paths, diffs).
/// </summary>
public sealed record UiBackends(ITraceReader Traces, IMetricReader Metrics, ILogReader Logs, PromQLEngine PromQL, bool MultiTenant);
