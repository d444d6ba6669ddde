// Drag-to-compare on the search page's scatter plot, pure so node --test can check it: the dragged
// box as URL state, the TraceQL compare() query that asks what is different about the traces in
// it, and Tempo's answer ranked into attributes whose values differ most between the two sides.

/** The URL key holding the dragged box. */
export const SELECTION_KEY = 'sel';

const round3 = (v) => Math.round(v * 1000) / 1000;

/**
 * The box as URL text "fromMs,toMs,minMs,maxMs" (trace start times in Unix ms, trace durations in
 * ms), or null for a box with no area.
 */
export function formatSelection(sel) {
  if (!sel || !(sel.toMs > sel.fromMs) || !(sel.maxMs > sel.minMs)) return null;
  return [Math.floor(sel.fromMs), Math.ceil(sel.toMs), round3(sel.minMs), round3(sel.maxMs)].join(',');
}

/** The URL text back into a box; null when it is not four numbers making a box with area. */
export function parseSelection(text) {
  const parts = String(text ?? '').split(',');
  if (parts.length !== 4) return null;
  const [fromMs, toMs, minMs, maxMs] = parts.map(Number);
  if (![fromMs, toMs, minMs, maxMs].every(Number.isFinite)) return null;
  if (toMs <= fromMs || maxMs <= minMs || minMs < 0) return null;
  return { fromMs, toMs, minMs, maxMs };
}

/** Whether a search row (start, duration in ms) is inside the box. */
export function inSelection(sel, row) {
  return row.startMs >= sel.fromMs && row.startMs <= sel.toMs && row.durationMs >= sel.minMs && row.durationMs <= sel.maxMs;
}

/** A duration in ms as a TraceQL literal, whole microseconds: 512.5 → 512500us, 900 → 900ms. */
export function durationMsLiteral(ms, roundUp = false) {
  const micros = roundUp ? Math.ceil(ms * 1000) : Math.floor(ms * 1000);
  return micros % 1000 === 0 ? `${micros / 1000}ms` : `${micros}us`;
}

/** The selection as a TraceQL spanset: the traces whose duration is in the box's duration range. */
export function selectionSpanset(sel) {
  return `{ traceDuration >= ${durationMsLiteral(sel.minMs)} && traceDuration <= ${durationMsLiteral(sel.maxMs, true)} }`;
}

/**
 * `filter | compare({ selection }, topN, startNs, endNs)`. The plot shows traces (root start,
 * trace duration); compare() counts spans and windows them by their own start. A trace that
 * started in the box has its spans start between its start and start + duration, so the window
 * runs to the box's end plus its longest duration. Tempo's window is (start, end], hence the −1 ns.
 * Start and end are strings: Unix nanoseconds pass 2^53.
 */
export function compareQuery(filter, sel, topN = 10) {
  const base = String(filter ?? '').trim() || '{ }';
  const startNs = BigInt(Math.floor(sel.fromMs)) * 1_000_000n - 1n;
  const endNs = BigInt(Math.ceil(sel.toMs + sel.maxMs)) * 1_000_000n;
  return `${base} | compare(${selectionSpanset(sel)}, ${topN}, ${startNs}, ${endNs})`;
}

/** The query asking for the traces in the box (for "critical path of the selection" and its search). */
export function selectionTraceQL(filter, sel) {
  const base = String(filter ?? '').trim();
  const spanset = selectionSpanset(sel);
  return isSingleSpanset(base) && !/^\{\s*\}$/.test(base) ? `${base} && ${spanset}` : spanset;
}

/** Whether a TraceQL text is exactly one spanset `{ … }` (so it can be joined with `&&`). */
export function isSingleSpanset(text) {
  const t = String(text ?? '').trim();
  if (!t.startsWith('{')) return false;
  let inString = false;
  for (let i = 1; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') return false;
    else if (c === '}') return i === t.length - 1;
  }
  return false;
}

/** An OTLP AnyValue (as Tempo writes label values) as text. */
function valueText(v) {
  if (!v || typeof v !== 'object') return String(v ?? '');
  if ('stringValue' in v) return String(v.stringValue);
  if ('intValue' in v) return String(v.intValue);
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return String(v.boolValue);
  return JSON.stringify(v);
}

function sampleValue(series) {
  if (series.value !== undefined) return Number(series.value);
  // A range answer: add the samples up over the range.
  return (series.samples ?? []).reduce((sum, s) => sum + (Number(s.value) || 0), 0);
}

/**
 * Tempo's compare() answer (instant or range) → attributes ranked by how differently their values
 * occur in the selection and the baseline. A value's share on a side is its span count over that
 * side's span count (every span has a name, so the name attribute's total is the side's span
 * count), so an attribute missing on one side's spans counts as a difference too. An attribute's
 * score is its largest share difference; values are ordered by their difference, largest first.
 * Returns { selectionSpans, baselineSpans, attributes: [{ attribute, score, values: [{ value,
 * selection, baseline, selectionShare, baselineShare, difference }] }] }.
 */
export function rankComparison(body) {
  const counts = new Map();
  const totals = { selection: new Map(), baseline: new Map() };
  for (const series of body?.series ?? []) {
    const labels = series.labels ?? [];
    const type = valueText(labels.find((l) => l.key === '__meta_type')?.value);
    const label = labels.find((l) => l.key !== '__meta_type');
    if (!label) continue;
    const value = sampleValue(series);
    if (!Number.isFinite(value)) continue;
    if (type === 'selection_total' || type === 'baseline_total') {
      const side = totals[type.replace('_total', '')];
      side.set(label.key, (side.get(label.key) ?? 0) + value);
      continue;
    }
    if (type !== 'selection' && type !== 'baseline') continue;
    const text = valueText(label.value);
    if (!counts.has(label.key)) counts.set(label.key, new Map());
    const values = counts.get(label.key);
    const entry = values.get(text) ?? { value: text, selection: 0, baseline: 0 };
    entry[type] += value;
    values.set(text, entry);
  }
  const spans = (side) => side.get('name') ?? Math.max(0, ...side.values());
  const selectionSpans = spans(totals.selection);
  const baselineSpans = spans(totals.baseline);
  const share = (n, of) => (of > 0 ? n / of : 0);
  const attributes = [];
  for (const [attribute, values] of counts) {
    const rows = [...values.values()].map((v) => {
      const selectionShare = share(v.selection, selectionSpans);
      const baselineShare = share(v.baseline, baselineSpans);
      return { ...v, selectionShare, baselineShare, difference: selectionShare - baselineShare };
    }).sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || b.selection - a.selection || (a.value < b.value ? -1 : 1));
    attributes.push({ attribute, score: Math.abs(rows[0]?.difference ?? 0), values: rows });
  }
  attributes.sort((a, b) => b.score - a.score || (a.attribute < b.attribute ? -1 : 1));
  return { selectionSpans, baselineSpans, attributes };
}
