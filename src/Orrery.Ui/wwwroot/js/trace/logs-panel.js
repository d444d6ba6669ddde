// The logs written inside this trace, from Loki's API: {service_name=~".+"} | trace_id="<id>".
// Each line links to its span (span_id in structured metadata) when the trace has it.
import { h, replace } from '../core/dom.js';
import { lokiRange } from '../core/api.js';
import { formatTimestamp } from '../core/format.js';

/** The LogQL for a trace's logs. The id is hex (checked), so it needs no escaping inside the quotes. */
export function traceLogsQuery(traceId) {
  if (!/^[0-9a-f]{1,32}$/i.test(traceId)) throw new Error(`not a trace id: ${traceId}`);
  return `{service_name=~".+"} | trace_id="${traceId.toLowerCase()}"`;
}

/** Flattens Loki streams into lines, newest first, picking span id and level wherever they are. */
export function logLines(streams) {
  const lines = [];
  for (const stream of streams ?? []) {
    const labels = stream.stream ?? {};
    for (const [ts, line, meta] of stream.values ?? []) {
      const md = { ...labels, ...(meta?.structured_metadata ?? meta?.structuredMetadata ?? {}), ...(meta?.parsed ?? {}) };
      lines.push({
        tsNs: ts,
        ms: Number(String(ts).slice(0, -6) || 0),
        line,
        service: labels.service_name ?? '',
        level: md.detected_level ?? md.severity_text ?? md.level ?? '',
        spanId: (md.span_id ?? md.spanid ?? '').toLowerCase(),
        metadata: md,
      });
    }
  }
  lines.sort((a, b) => b.ms - a.ms);
  return lines;
}

/** Fills `root` with the trace's log lines; `onSpan(index)` selects a span. */
export async function renderLogsPanel(root, { model, range, onSpan, signal }) {
  replace(root, h('h3', { text: 'Logs in this trace' }), h('p', { class: 'muted', text: 'Loading…' }));
  const query = traceLogsQuery(model.traceId);
  // The trace's own time, widened by a minute each side: logs may be stamped a little off.
  const startMs = model.origin[0] * 1000 + model.origin[1] / 1e6;
  const window = { fromMs: Math.min(range.fromMs, startMs - 60_000), toMs: Math.max(range.toMs, startMs + model.durationNs / 1e6 + 60_000) };
  let lines;
  try {
    lines = logLines(await lokiRange(query, window, 1000, { signal }));
  } catch (e) {
    if (signal?.aborted) return;
    replace(root, h('h3', { text: 'Logs in this trace' }), h('p', { class: 'error', text: e.message }));
    return;
  }
  const items = lines.map((l) => {
    const spanIndex = l.spanId ? model.byId.get(l.spanId) : undefined;
    const span = spanIndex !== undefined ? model.spans[spanIndex] : null;
    return h('div', { class: 'log-line', dataset: { spanId: l.spanId } },
      h('div', { class: 'log-meta' },
        formatTimestamp(l.ms), ' ',
        l.level ? h('span', { class: /err|fatal|crit/i.test(l.level) ? 'sev-error' : '', text: l.level }) : null, ' ',
        l.service, ' ',
        span ? h('a', { href: '#', class: 'span-link', text: `→ ${span.name}`, onclick: (e) => { e.preventDefault(); onSpan(spanIndex); } }) : null),
      h('div', { class: 'log-body', text: l.line }));
  });
  replace(root,
    h('h3', { text: `Logs in this trace (${lines.length})` }),
    h('p', { class: 'muted' }, h('code', { text: query })),
    items.length ? items : h('p', { class: 'muted', text: 'No log lines carry this trace id.' }));
}
