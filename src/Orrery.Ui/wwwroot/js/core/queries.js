// Query text the pages build from user data: quoting rules of TraceQL, PromQL and LogQL string
// literals (all three take Go-style double-quoted strings). Pure, tested with node --test.

/** A double-quoted string literal with backslash and quote escaped. */
export function quote(value) {
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** TraceQL: the traces of one service. */
export function serviceTraceQL(service) {
  return `{ resource.service.name = ${quote(service)} }`;
}

/** LogQL: the logs of one service. */
export function serviceLogQL(service) {
  return `{service_name=${quote(service)}}`;
}

/** The span kinds that mark where a request enters a service. */
export const ENTRY_KINDS = 'SPAN_KIND_SERVER|SPAN_KIND_CONSUMER';

/** PromQL: calls per second of one service (entry spans), for the metrics page. */
export function serviceRatePromQL(service) {
  return `sum by (status_code) (rate(traces_spanmetrics_calls_total{service=${quote(service)}, span_kind=~"${ENTRY_KINDS}"}[5m]))`;
}

/**
 * PromQL for the overview: the call counters by service, kind and status, as a range query whose
 * growth the page sums itself (see counterIncreases: increase() would miss series born in range).
 */
export function callsCounters() {
  return 'sum by (service, span_kind, status_code) (traces_spanmetrics_calls_total)';
}

/** PromQL for the overview sparklines: calls per second by service and kind. */
export function callsRate(windowSeconds) {
  return `sum by (service, span_kind) (rate(traces_spanmetrics_calls_total[${windowSeconds}s]))`;
}

/** PromQL: a latency quantile over the range by service, entry spans only or all spans. */
export function latencyQuantile(q, rangeSeconds, entryOnly) {
  const selector = entryOnly ? `{span_kind=~"${ENTRY_KINDS}"}` : '';
  return `histogram_quantile(${q}, sum by (service, le) (increase(traces_spanmetrics_latency_bucket${selector}[${rangeSeconds}s])))`;
}
