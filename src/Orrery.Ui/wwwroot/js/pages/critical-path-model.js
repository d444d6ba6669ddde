// The aggregated critical path page's view logic, pure so node --test can check it: the answer of
// /api/ui/critical-path as rows, and the query that finds example traces of one operation.
import { quote } from '../core/queries.js';
import { isSingleSpanset } from './compare-model.js';

/** How many traces the page asks to aggregate unless the URL says otherwise (the endpoint's own default). */
export const DEFAULT_LIMIT = 500;

/** The URL's limit as the endpoint accepts it (1 to 2,000), the default otherwise. */
export function limitFrom(text) {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 2000 ? n : DEFAULT_LIMIT;
}

/**
 * The endpoint's answer → { traceCount, totalNanos, rows: [{ rank, service, name, nanos, share,
 * traces, traceShare, perTraceNanos, barWidth }] }, ranked by share of the critical path. barWidth
 * is the share relative to the largest (0..1), so the top operation's bar is full width.
 */
export function criticalPathRows(body) {
  const traceCount = Number(body?.traceCount ?? 0);
  const totalNanos = Number(body?.criticalPathNanos ?? 0);
  const ops = (body?.operations ?? []).map((op) => ({
    service: String(op.service ?? ''),
    name: String(op.name ?? ''),
    nanos: Number(op.criticalNanos ?? 0),
    share: Number(op.share ?? 0),
    traces: Number(op.traces ?? 0),
  })).filter((op) => Number.isFinite(op.nanos) && op.nanos > 0);
  ops.sort((a, b) => b.share - a.share || b.nanos - a.nanos || (a.service + a.name < b.service + b.name ? -1 : 1));
  const top = ops[0]?.share || 1;
  const rows = ops.map((op, i) => ({
    ...op,
    rank: i + 1,
    traceShare: traceCount > 0 ? op.traces / traceCount : 0,
    perTraceNanos: op.traces > 0 ? op.nanos / op.traces : 0,
    barWidth: Math.max(0, Math.min(1, op.share / top)),
  }));
  return { traceCount, totalNanos, rows };
}

/**
 * TraceQL for traces matching the page's filter that contain the operation: the filter joined
 * with the operation's spanset when the filter is one spanset, else the operation alone (a
 * pipeline cannot be joined with &&, and the operation's traces are still examples of it).
 */
export function exampleTracesQuery(filter, service, name) {
  const op = `{ resource.service.name = ${quote(service)} && name = ${quote(name)} }`;
  const base = String(filter ?? '').trim();
  if (!base || /^\{\s*\}$/.test(base) || !isSingleSpanset(base)) return op;
  return `${base} && ${op}`;
}
