// /search: TraceQL (typed, with tag and value autocomplete, or written by the simple form), the
// matching traces as a duration-over-time scatter plot (click a point to open the trace) and a
// table. View state in the URL: q (TraceQL), limit.
import { h, s, replace, navLink } from '../core/dom.js';
import { getJson, tempoSearch } from '../core/api.js';
import { formatDuration, formatTimestamp } from '../core/format.js';
import { queryEditor } from './query-editor.js';
import { formToTraceQL, traceqlContext, tagNames, tagValues, searchRows } from './search-model.js';
import { niceCeil, timeTicks } from './explore-model.js';

const DEFAULT_QUERY = '{ }';

export async function render(root, ctx) {
  const abort = new AbortController();
  const options = { signal: abort.signal };
  const { range } = ctx;
  const limit = Math.min(1000, Math.max(1, Number(ctx.state.limit) || 200));
  const cache = new Map();
  const window = { start: Math.floor(range.fromMs / 1000), end: Math.ceil(range.toMs / 1000) };

  function cached(path, params, pick) {
    const key = path + JSON.stringify(params);
    if (!cache.has(key)) cache.set(key, getJson(path, params, options).then(pick).catch(() => []));
    return cache.get(key);
  }

  async function suggest(text, cursor) {
    const context = traceqlContext(text, cursor);
    if (context.kind === 'tag') return { context, options: await cached('/api/v2/search/tags', { ...window, q: context.scope ?? undefined }, tagNames) };
    if (context.kind === 'value') {
      return { context, options: await cached(`/api/v2/search/tag/${encodeURIComponent(context.tag)}/values`, { ...window, q: context.scope ?? undefined }, tagValues) };
    }
    return null;
  }

  const editor = queryEditor({ value: ctx.state.q ?? DEFAULT_QUERY, placeholder: '{ resource.service.name = "checkout" && duration > 500ms }', label: 'TraceQL query', suggest, onRun: apply });
  const field = (name, placeholder, size = 16) => h('input', { type: 'text', name, placeholder, size, 'aria-label': name });
  const form = {
    service: field('service', 'service'), operation: field('operation', 'operation (span name)', 22),
    attributes: field('attributes', 'key=value; key=value', 26), minDuration: field('min duration', 'min e.g. 100ms', 12),
    maxDuration: field('max duration', 'max e.g. 2s', 12),
    status: h('select', { name: 'status', 'aria-label': 'status' }, ['', 'error', 'ok', 'unset'].map((v) => h('option', { value: v, text: v || 'any status' }))),
  };
  const formRow = h('form', {
    class: 'search-form',
    onsubmit: (e) => {
      e.preventDefault();
      editor.setValue(formToTraceQL(Object.fromEntries(Object.entries(form).map(([k, el]) => [k, el.value]))));
      apply();
    },
  }, Object.values(form), h('button', { type: 'submit', id: 'form-search', text: 'Write query & search' }));
  const plotHost = h('div', { class: 'scatter-host' });
  const tableHost = h('div', { class: 'search-results' });
  const status = h('span', { class: 'muted', id: 'search-status' });

  function apply() {
    ctx.setState({ q: editor.value().trim() || null }, { push: true });
    run();
  }

  async function run() {
    const q = editor.value().trim() || DEFAULT_QUERY;
    status.textContent = 'Searching…';
    let rows;
    try {
      rows = searchRows(await tempoSearch(q, range, limit, options));
    } catch (e) {
      if (abort.signal.aborted) return;
      status.textContent = '';
      replace(plotHost);
      replace(tableHost, h('p', { class: 'error', text: e.message }));
      return;
    }
    status.textContent = `${rows.length}${rows.length >= limit ? '+' : ''} traces`;
    drawScatter(rows);
    replace(tableHost, rows.length ? h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Trace' }), h('th', { text: 'Root' }), h('th', { text: 'Started' }), h('th', { class: 'num', text: 'Duration' }))),
      h('tbody', {}, rows.slice().sort((a, b) => b.durationMs - a.durationMs).map((r) => h('tr', { class: 'result-row', dataset: { traceId: r.traceId } },
        h('td', {}, navLink(ctx.link(`/trace/${r.traceId}`), r.traceId, { class: 'trace-link mono' })),
        h('td', { text: r.root }),
        h('td', { class: 'muted', text: formatTimestamp(r.startMs) }),
        h('td', { class: 'num', text: formatDuration(r.durationMs * 1e6) })))))
      : h('p', { class: 'muted', text: 'No traces match in this time range.' }));
  }

  function drawScatter(rows) {
    const width = Math.max(320, Math.round(plotHost.clientWidth || 960));
    const height = 220;
    const pad = { left: 64, right: 12, top: 10, bottom: 24 };
    const hi = niceCeil(Math.max(1, ...rows.map((r) => r.durationMs)));
    const x = (ms) => pad.left + ((ms - range.fromMs) / (range.toMs - range.fromMs || 1)) * (width - pad.left - pad.right);
    const y = (d) => height - pad.bottom - (d / hi) * (height - pad.top - pad.bottom);
    const svg = s('svg', { class: 'scatter', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'trace duration over time' });
    for (let i = 0; i <= 4; i++) {
      const d = (hi * i) / 4;
      svg.append(s('line', { class: 'grid-line', x1: pad.left, x2: width - pad.right, y1: y(d), y2: y(d) }),
        s('text', { class: 'axis-label', x: pad.left - 6, y: y(d) + 4, 'text-anchor': 'end', text: formatDuration(d * 1e6) }));
    }
    for (const t of timeTicks(range.fromMs, range.toMs)) {
      svg.append(s('text', { class: 'axis-label', x: x(t), y: height - 6, 'text-anchor': 'middle', text: formatTimestamp(t).slice(11, 16) }));
    }
    for (const r of rows) {
      const dot = s('circle', { class: 'trace-point', cx: x(r.startMs), cy: y(r.durationMs), r: 4, dataset: { traceId: r.traceId } },
        s('title', { text: `${r.root}\n${formatDuration(r.durationMs * 1e6)} at ${formatTimestamp(r.startMs)}` }));
      dot.addEventListener('click', () => ctx.navigate(ctx.link(`/trace/${r.traceId}`)));
      svg.append(dot);
    }
    replace(plotHost, svg);
  }

  replace(root,
    h('h1', { text: 'Search' }),
    formRow,
    h('div', { class: 'query-row' }, editor.element),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'run-search', text: 'Search', onclick: apply }), status),
    plotHost,
    tableHost);
  await run();
  return () => abort.abort();
}
