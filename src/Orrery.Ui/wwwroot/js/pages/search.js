// /search: TraceQL (typed, with tag and value autocomplete, or written by the simple form), the
// matching traces as a duration-over-time scatter plot (click a point to open the trace; drag a
// box around points to compare them with the rest) and a table. View state in the URL: q
// (TraceQL), limit, sel (the dragged box, see compare-model.js).
import { h, s, replace, navLink } from '../core/dom.js';
import { tempoSearch } from '../core/api.js';
import { formatDuration, formatTimestamp } from '../core/format.js';
import { queryEditor } from './query-editor.js';
import { traceqlSuggest } from './traceql-suggest.js';
import { formToTraceQL, searchRows } from './search-model.js';
import { niceCeil, timeTicks } from './explore-model.js';
import { SELECTION_KEY, parseSelection, formatSelection, inSelection } from './compare-model.js';
import { comparePanel } from './search-compare.js';

const DEFAULT_QUERY = '{ }';
// Below this many pixels a press is a click (a point opens its trace), not a drag.
const DRAG_THRESHOLD = 4;

export async function render(root, ctx) {
  const abort = new AbortController();
  const options = { signal: abort.signal };
  const { range } = ctx;
  const limit = Math.min(1000, Math.max(1, Number(ctx.state.limit) || 200));
  const suggest = traceqlSuggest(range, options);
  let selection = parseSelection(ctx.state[SELECTION_KEY]);
  let lastRows = [];

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
  const criticalLink = navLink('#', 'Critical path of these traces', { id: 'search-critical-path', class: 'toolbar-link' });
  const compare = comparePanel(ctx, options, () => select(null));

  function apply() {
    selection = null;
    ctx.setState({ q: editor.value().trim() || null, [SELECTION_KEY]: null }, { push: true });
    run();
  }

  function query() {
    return editor.value().trim() || DEFAULT_QUERY;
  }

  function select(sel) {
    selection = sel;
    ctx.setState({ [SELECTION_KEY]: sel ? formatSelection(sel) : null }, { push: true });
    drawScatter(lastRows);
    compare.show(query(), selection, range);
  }

  async function run() {
    const q = query();
    criticalLink.setAttribute('href', ctx.link('/critical-path', { q }));
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
    lastRows = rows;
    drawScatter(rows);
    compare.show(q, selection, range);
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
    const plotWidth = width - pad.left - pad.right;
    const plotHeight = height - pad.top - pad.bottom;
    const x = (ms) => pad.left + ((ms - range.fromMs) / (range.toMs - range.fromMs || 1)) * plotWidth;
    const y = (d) => height - pad.bottom - (d / hi) * plotHeight;
    const clampX = (px) => Math.min(width - pad.right, Math.max(pad.left, px));
    const clampY = (py) => Math.min(height - pad.bottom, Math.max(pad.top, py));
    const timeAt = (px) => range.fromMs + ((px - pad.left) / plotWidth) * (range.toMs - range.fromMs);
    const durationAt = (py) => ((height - pad.bottom - py) / plotHeight) * hi;
    const svg = s('svg', { class: 'scatter', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'trace duration over time; drag a box to compare' });
    for (let i = 0; i <= 4; i++) {
      const d = (hi * i) / 4;
      svg.append(s('line', { class: 'grid-line', x1: pad.left, x2: width - pad.right, y1: y(d), y2: y(d) }),
        s('text', { class: 'axis-label', x: pad.left - 6, y: y(d) + 4, 'text-anchor': 'end', text: formatDuration(d * 1e6) }));
    }
    for (const t of timeTicks(range.fromMs, range.toMs)) {
      svg.append(s('text', { class: 'axis-label', x: x(t), y: height - 6, 'text-anchor': 'middle', text: formatTimestamp(t).slice(11, 16) }));
    }
    if (selection) {
      const x0 = clampX(x(selection.fromMs));
      const x1 = clampX(x(selection.toMs));
      const y0 = clampY(y(selection.maxMs));
      const y1 = clampY(y(selection.minMs));
      svg.append(s('rect', { class: 'selection-box', x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) }));
    }
    let dragged = false;
    for (const r of rows) {
      const chosen = selection && inSelection(selection, r);
      const dot = s('circle', { class: ['trace-point', chosen && 'selected'], cx: x(r.startMs), cy: y(r.durationMs), r: 4, dataset: { traceId: r.traceId } },
        s('title', { text: `${r.root}\n${formatDuration(r.durationMs * 1e6)} at ${formatTimestamp(r.startMs)}` }));
      dot.addEventListener('click', () => {
        if (!dragged) ctx.navigate(ctx.link(`/trace/${r.traceId}`));
      });
      svg.append(dot);
    }

    // Drag a box: pointer events on the whole plot, captured so a drag may leave it.
    let start = null;
    let band = null;
    const at = (event) => {
      const box = svg.getBoundingClientRect();
      return [clampX(event.clientX - box.left), clampY(event.clientY - box.top)];
    };
    svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      start = at(event);
      dragged = false;
    });
    svg.addEventListener('pointermove', (event) => {
      if (!start) return;
      const [px, py] = at(event);
      if (!dragged && Math.abs(px - start[0]) < DRAG_THRESHOLD && Math.abs(py - start[1]) < DRAG_THRESHOLD) return;
      if (!dragged) {
        // Captured only once it is a drag: a capture from the press would retarget a plain
        // click on a point to the plot, and the point would no longer open its trace.
        svg.setPointerCapture?.(event.pointerId);
      }
      dragged = true;
      if (!band) {
        band = s('rect', { class: 'selection-box dragging' });
        svg.append(band);
      }
      band.setAttribute('x', Math.min(px, start[0]));
      band.setAttribute('y', Math.min(py, start[1]));
      band.setAttribute('width', Math.abs(px - start[0]));
      band.setAttribute('height', Math.abs(py - start[1]));
    });
    svg.addEventListener('pointerup', (event) => {
      if (!start) return;
      const [px, py] = at(event);
      const [sx, sy] = start;
      start = null;
      if (!dragged) return;
      select({
        fromMs: timeAt(Math.min(px, sx)), toMs: timeAt(Math.max(px, sx)),
        minMs: Math.max(0, durationAt(Math.max(py, sy))), maxMs: durationAt(Math.min(py, sy)),
      });
    });
    replace(plotHost, svg);
  }

  replace(root,
    h('h1', { text: 'Search' }),
    formRow,
    h('div', { class: 'query-row' }, editor.element),
    h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'run-search', text: 'Search', onclick: apply }), status, criticalLink),
    h('p', { class: 'muted hint', text: 'Click a point to open its trace; drag a box around points (the slow ones) to see what is different about them.' }),
    plotHost,
    compare.element,
    tableHost);
  await run();
  return () => abort.abort();
}
