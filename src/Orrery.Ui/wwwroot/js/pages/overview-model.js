// The overview's arithmetic, apart from the DOM so node --test can check it.

/** The span kinds of a service's calls to others: their errors are failed outgoing calls. */
export const OUTGOING_KINDS = ['SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER'];

/**
 * How much each counter series grew over a range query's points, as instant samples (the shape of
 * an instant query's vector). PromQL's increase() only counts growth after a series' first sample,
 * so a series born inside the range — which is what an error series is when a service's first
 * error happens — would count its first errors as nothing, and a lone error as no error at all.
 * Here a series whose first point is after the range start was born in the range and is counted
 * from zero; a drop is a counter reset (the counter restarted from zero).
 */
export function counterIncreases(matrix, startSeconds) {
  const out = [];
  for (const series of matrix ?? []) {
    const points = (series.values ?? []).map(([t, v]) => [Number(t), Number(v)]).filter(([, v]) => Number.isFinite(v));
    if (!points.length) continue;
    const bornInRange = points[0][0] > startSeconds + 0.001;
    let total = bornInRange ? points[0][1] : 0;
    for (let i = 1; i < points.length; i++) {
      const delta = points[i][1] - points[i - 1][1];
      total += delta >= 0 ? delta : points[i][1];
    }
    out.push({ metric: series.metric, value: [points[points.length - 1][0], String(total)] });
  }
  return out;
}

/**
 * Per-service rate, error ratio, p50/p99 and sparkline points from the overview's Prometheus
 * answers (`calls`: call counts over the range by service, span_kind and status_code). A service
 * with entry spans (server/consumer) is measured on those — the requests it answered, and how many
 * failed; else on all its spans. Errors of its outgoing (client/producer) calls are counted apart.
 * Sorted worst first: error ratio, then p99, then name.
 */
export function summarizeServices({ calls, p50Entry, p99Entry, p50All, p99All, rates, rangeSeconds, entryKinds }) {
  const byService = new Map();
  const get = (name) => {
    if (!byService.has(name)) byService.set(name, { name, entryCalls: 0, entryErrors: 0, allCalls: 0, allErrors: 0, outgoingCalls: 0, outgoingErrors: 0 });
    return byService.get(name);
  };
  for (const sample of calls ?? []) {
    const { service, span_kind: kind, status_code: status } = sample.metric;
    if (service === undefined) continue;
    const value = Number(sample.value[1]);
    if (!Number.isFinite(value)) continue;
    const svc = get(service);
    const error = status === 'STATUS_CODE_ERROR';
    svc.allCalls += value;
    if (error) svc.allErrors += value;
    if (entryKinds.includes(kind)) {
      svc.entryCalls += value;
      if (error) svc.entryErrors += value;
    }
    if (OUTGOING_KINDS.includes(kind)) {
      svc.outgoingCalls += value;
      if (error) svc.outgoingErrors += value;
    }
  }
  const quantiles = (vector) => new Map((vector ?? []).map((v) => [v.metric.service, Number(v.value[1])]));
  const q50e = quantiles(p50Entry);
  const q99e = quantiles(p99Entry);
  const q50a = quantiles(p50All);
  const q99a = quantiles(p99All);

  const out = [];
  for (const svc of byService.values()) {
    const entry = svc.entryCalls > 0;
    const callsTotal = entry ? svc.entryCalls : svc.allCalls;
    const errors = entry ? svc.entryErrors : svc.allErrors;
    const series = sumSeries((rates ?? []).filter((r) => r.metric.service === svc.name && (!entry || entryKinds.includes(r.metric.span_kind))));
    out.push({
      name: svc.name,
      entry,
      rate: callsTotal / rangeSeconds,
      errorRatio: callsTotal > 0 ? errors / callsTotal : 0,
      errors,
      // Shown beside the ratio, not in it: a failed call to a dependency the service handled
      // (retried, fell back) did not fail its own request.
      outgoingErrors: entry ? svc.outgoingErrors : 0,
      outgoingCalls: svc.outgoingCalls,
      p50: finiteOr((entry ? q50e : q50a).get(svc.name)),
      p99: finiteOr((entry ? q99e : q99a).get(svc.name)),
      series,
    });
  }
  out.sort((a, b) => b.errorRatio - a.errorRatio || (nz(b.p99) - nz(a.p99)) || (a.name < b.name ? -1 : 1));
  return out;
}

function finiteOr(v) {
  return Number.isFinite(v) ? v : NaN;
}

function nz(v) {
  return Number.isFinite(v) ? v : -1;
}

/** Adds matrix series point by point (same timestamps from one range query). */
export function sumSeries(matrix) {
  const sums = new Map();
  for (const series of matrix) {
    for (const [t, v] of series.values ?? []) {
      const value = Number(v);
      if (Number.isFinite(value)) sums.set(t, (sums.get(t) ?? 0) + value);
    }
  }
  return [...sums.entries()].sort((a, b) => a[0] - b[0]);
}
