// The metrics page's view logic, pure so node --test can check it: which queries the URL holds,
// Prometheus matrices as drawable series, stacking, the y scale, hover lookup and exemplars.

/** Most queries one view holds: q, q1, q2, q3 in the URL. */
export const MAX_QUERIES = 4;

/** The URL key of the n-th query: the first is "q" (what other pages link with), then q1, q2… */
export function queryKey(index) {
  return index === 0 ? 'q' : `q${index}`;
}

/** The queries a URL state holds, in order, empty ones kept out except a lone first one. */
export function queriesFromState(state) {
  const out = [];
  for (let i = 0; i < MAX_QUERIES; i++) {
    const q = state[queryKey(i)];
    if (q !== undefined && q !== null && String(q).trim() !== '') out.push(String(q));
  }
  return out.length ? out : [''];
}

/** The URL patch that stores a list of queries (clearing keys no longer used). */
export function queriesToPatch(queries) {
  const patch = {};
  for (let i = 0; i < MAX_QUERIES; i++) patch[queryKey(i)] = queries[i]?.trim() ? queries[i].trim() : null;
  return patch;
}

/** A series' legend text, as Prometheus prints it: name{a="x", b="y"}. */
export function seriesName(metric) {
  const labels = Object.entries(metric ?? {}).filter(([k]) => k !== '__name__').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const inner = labels.map(([k, v]) => `${k}="${v}"`).join(', ');
  const name = metric?.__name__ ?? '';
  if (!inner) return name || '{}';
  return `${name}{${inner}}`;
}

/** Canonical key of a label set, to match exemplars' series to result series. */
export function labelKey(metric) {
  return Object.entries(metric ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}\u0000${v}`).join('\u0001');
}

/**
 * Prometheus matrix results of several queries → series with numeric points [ms, value].
 * NaN and ±Inf samples become gaps (null) so a line breaks there instead of leaping off the chart.
 */
export function toSeries(results) {
  const series = [];
  results.forEach((matrix, queryIndex) => {
    for (const item of matrix ?? []) {
      const points = (item.values ?? []).map(([t, v]) => {
        const value = Number(v);
        return [Math.round(Number(t) * 1000), Number.isFinite(value) ? value : null];
      });
      series.push({ queryIndex, metric: item.metric ?? {}, name: seriesName(item.metric), points });
    }
  });
  return series;
}

/**
 * Stacked series: each point's value becomes [base, top] where base is the sum of the series
 * below it at the same timestamp. Gaps count as zero for the ones above.
 */
export function stack(series) {
  const totals = new Map();
  return series.map((s) => ({
    ...s,
    points: s.points.map(([t, v]) => {
      const base = totals.get(t) ?? 0;
      const top = base + (v ?? 0);
      totals.set(t, top);
      return [t, v === null ? null : top, base];
    }),
  }));
}

/** A y scale from 0 (or the lowest value if negative) to a round number above the highest. */
export function yDomain(series, extra = []) {
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const p of s.points) {
      if (p[1] === null) continue;
      lo = Math.min(lo, p[1]);
      hi = Math.max(hi, p[1]);
    }
  }
  for (const v of extra) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (hi === lo) hi = lo + 1;
  return { lo, hi: niceCeil(hi) };
}

/** The smallest 1, 2, 2.5 or 5 × 10^n at or above a value. */
export function niceCeil(value) {
  if (value <= 0) return value;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= value - 1e-12 * magnitude) return m * magnitude;
  return 10 * magnitude;
}

/** The timestamp among the series' points nearest to `ms` and each series' value there. */
export function valuesAt(series, ms) {
  let best = null;
  for (const s of series) {
    for (const [t] of s.points) if (best === null || Math.abs(t - ms) < Math.abs(best - ms)) best = t;
  }
  if (best === null) return null;
  const rows = [];
  for (const s of series) {
    const p = s.points.find(([t]) => t === best);
    if (p && p[1] !== null) rows.push({ name: s.name, queryIndex: s.queryIndex, value: p[1], raw: p.length > 2 ? p[1] - p[2] : p[1] });
  }
  rows.sort((a, b) => b.raw - a.raw);
  return { ms: best, rows };
}

/**
 * Exemplars of /api/v1/query_exemplars as points: time, value, trace id (trace_id or traceID
 * label), the series they belong to. Those without a trace id are kept (drawn, not clickable).
 */
export function toExemplars(data, queryIndex = 0) {
  const out = [];
  for (const entry of data ?? []) {
    for (const e of entry.exemplars ?? []) {
      const labels = e.labels ?? {};
      const traceId = labels.trace_id ?? labels.traceID ?? labels.traceId ?? null;
      const value = Number(e.value);
      if (!Number.isFinite(value)) continue;
      out.push({
        ms: Math.round(Number(e.timestamp) * 1000),
        value,
        traceId: traceId && /^[0-9a-fA-F]{1,32}$/.test(traceId) ? traceId.toLowerCase() : null,
        spanId: /^[0-9a-fA-F]{16}$/.test(labels.span_id ?? labels.spanID ?? '') ? (labels.span_id ?? labels.spanID).toLowerCase() : null,
        seriesLabels: entry.seriesLabels ?? {},
        queryIndex,
      });
    }
  }
  return out;
}

/** Ticks for a time axis: about `count` round instants between from and to (ms). */
export function timeTicks(fromMs, toMs, count = 6) {
  const span = toMs - fromMs;
  const steps = [1e3, 5e3, 15e3, 30e3, 60e3, 300e3, 900e3, 1800e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3];
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1];
  const ticks = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}
