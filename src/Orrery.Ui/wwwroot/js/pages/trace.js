// /trace/{traceId}: waterfall (or flame graph, statistics, comparison), span details and the
// trace's logs. View state in the URL: view, span (selected id), find, collapsed (ids), logs, compare.
import { h, replace, navLink } from '../core/dom.js';
import { getJson, getPreloadedJson } from '../core/api.js';
import { formatDuration, formatTimestamp } from '../core/format.js';
import { searchSpans, ancestors } from '../trace/model.js';
import { buildCompactTrace } from '../trace/compact-model.js';
import { createWaterfall } from '../trace/waterfall.js';
import { createFlame } from '../trace/flame.js';
import { spanDetails } from '../trace/details.js';
import { statsView } from '../trace/stats.js';
import { diffView } from '../trace/diff.js';
import { renderLogsPanel, traceLogsQuery } from '../trace/logs-panel.js';

const VIEWS = [['waterfall', 'Waterfall'], ['flame', 'Flame graph'], ['stats', 'Statistics'], ['compare', 'Compare']];

/** Runs `fn` once the frame being prepared has been painted (a task queued from the next animation frame). */
function afterNextPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

export async function render(root, ctx) {
  const traceId = ctx.params.traceId.toLowerCase();
  const abort = new AbortController();
  if (!/^[0-9a-f]{1,32}$/.test(traceId)) {
    root.append(h('h1', { text: 'Trace' }), h('p', { class: 'error', text: `“${traceId}” is not a trace id (up to 32 hex digits).` }));
    return null;
  }
  root.append(h('p', { class: 'muted', text: `Loading trace ${traceId}…` }));
  // One request: the trace in a columnar shape with its critical path and statistics (see
  // js/trace/compact-model.js); Tempo's JSON of a 10,000-span trace costs several times more to
  // send, parse and reshape. The server's shell for this path has already asked for this URL
  // (a preload, Assets/TraceShell.cs), so the answer is usually on its way before this module runs.
  let json;
  try {
    json = await getPreloadedJson(`/api/ui/traces/${traceId}`, { signal: abort.signal });
  } catch (e) {
    replace(root, h('h1', { text: 'Trace' }), h('p', { class: 'error', text: `Trace ${traceId}: ${e.message}` }));
    return () => abort.abort();
  }
  performance.mark('orrery:trace-fetched');
  const model = buildCompactTrace(json);
  performance.mark('orrery:trace-built');
  const { analysis, critical } = model;
  const state = { ...ctx.state };
  let view = VIEWS.some(([v]) => v === state.view) ? state.view : 'waterfall';
  if (view === 'compare' && !state.compare) view = 'waterfall';
  const collapsed = new Set((state.collapsed ?? '').split(',').map((id) => model.byId.get(id)).filter((i) => i !== undefined));
  let selected = state.span ? model.byId.get(state.span) ?? -1 : -1;
  let matches = searchSpans(model, state.find);
  let current = null;

  const root0 = model.spans[model.roots[0]];
  const startMs = model.origin[0] * 1000 + model.origin[1] / 1e6;
  const main = h('div', { class: 'trace-main' });
  const details = h('div', { class: 'details-panel' });
  const logs = h('div', { class: 'logs-panel' });
  const side = h('aside', { class: 'side' }, details, logs);
  const findInput = h('input', { type: 'search', placeholder: 'Find in trace…', value: state.find ?? '', 'aria-label': 'find in trace', id: 'find' });
  const matchCount = h('span', { class: 'muted' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const compareInput = h('input', { type: 'text', placeholder: 'other trace id', value: state.compare ?? '', size: 34, 'aria-label': 'compare with trace' });

  replace(root,
    h('div', { class: 'trace-header' },
      h('h1', {}, h('span', { text: root0 ? `${root0.service}: ${root0.name}` : 'Trace' })),
      h('span', { class: 'id mono', text: traceId }),
      h('span', { text: `${formatDuration(model.durationNs)} · ${model.spans.length} spans · ${model.services.length} services` }),
      model.errorCount ? h('span', { class: 'error', text: `${model.errorCount} error${model.errorCount === 1 ? '' : 's'}` }) : null,
      h('span', { class: 'muted', text: formatTimestamp(startMs) }),
      navLink(ctx.link('/logs', { q: traceLogsQuery(traceId) }), 'Logs')),
    h('div', { class: 'toolbar' }, tabs, findInput, matchCount,
      h('span', { class: 'legend' }, h('span', { class: 'crit-swatch' }), 'critical path', ` (${formatDuration(analysis.criticalPathNanos)})`),
      h('span', { style: { flex: '1' } }),
      compareInput,
      h('button', {
        type: 'button',
        text: 'Compare',
        onclick: () => {
          const other = compareInput.value.trim().toLowerCase();
          if (!/^[0-9a-f]{1,32}$/.test(other)) return;
          state.compare = other;
          ctx.setState({ compare: other, view: 'compare' }, { push: true });
          show('compare');
        },
      })),
    h('div', { class: 'trace-body' }, main, side));

  function drawTabs() {
    replace(tabs, VIEWS.filter(([v]) => v !== 'compare' || state.compare).map(([v, label]) => h('button', {
      type: 'button', role: 'tab', 'aria-selected': String(v === view), text: label, dataset: { view: v },
      onclick: () => { ctx.setState({ view: v === 'waterfall' ? null : v }, { push: true }); show(v); },
    })));
  }

  function select(index, { reveal = false } = {}) {
    selected = index;
    ctx.setState({ span: index >= 0 ? model.spans[index].id : null });
    if (reveal && index >= 0) {
      let changed = false;
      for (const a of ancestors(model, index)) changed = collapsed.delete(a) || changed;
      if (changed && current?.update) current.update({ collapsed });
      if (view !== 'waterfall' && view !== 'flame') show('waterfall');
      current?.scrollTo?.(index);
    }
    current?.update?.({ selected });
    drawDetails();
  }

  function drawDetails() {
    if (selected < 0) replace(details, h('p', { class: 'muted', text: 'Select a span for its attributes, events and links.' }));
    else replace(details, spanDetails(model, selected, critical, ctx.link));
  }

  function toggle(index) {
    if (collapsed.has(index)) collapsed.delete(index);
    else collapsed.add(index);
    const ids = [...collapsed].map((i) => model.spans[i].id);
    // Long lists of collapsed ids would make unwieldy links; past 200 only the page remembers them.
    ctx.setState({ collapsed: ids.length && ids.length <= 200 ? ids.join(',') : null });
    current.update({ collapsed });
  }

  async function show(v) {
    view = v;
    current?.destroy?.();
    current = null;
    drawTabs();
    main.dataset.view = v;
    if (v === 'waterfall') {
      current = createWaterfall(main, { model, critical, collapsed, matches, selected, onSelect: (i) => select(i), onToggle: toggle });
      if (selected >= 0) current.scrollTo(selected);
    } else if (v === 'flame') {
      current = createFlame(main, { model, critical, selected, onSelect: (i) => select(i) });
    } else if (v === 'stats') {
      replace(main, statsView(analysis));
    } else if (v === 'compare') {
      replace(main, h('p', { class: 'muted', text: `Comparing with ${state.compare}…` }));
      try {
        const diff = await getJson(`/api/ui/traces/${traceId}/diff/${encodeURIComponent(state.compare)}`, {}, { signal: abort.signal });
        if (view === 'compare') replace(main, diffView(diff, traceId, state.compare, ctx.link));
      } catch (e) {
        if (view === 'compare') replace(main, h('p', { class: 'error', text: `Compare: ${e.message}` }));
      }
    }
  }

  function applyFind() {
    matches = searchSpans(model, findInput.value);
    matchCount.textContent = findInput.value.trim() ? `${matches.size} match${matches.size === 1 ? '' : 'es'}` : '';
    ctx.setState({ find: findInput.value.trim() || null });
    current?.update?.({ matches });
  }
  findInput.addEventListener('input', applyFind);
  findInput.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || matches.size === 0) return;
    // Enter jumps to the next match after the selected span, in row order.
    const order = model.order;
    const from = selected >= 0 ? order.indexOf(selected) : -1;
    for (let k = 1; k <= order.length; k++) {
      const i = order[(from + k) % order.length];
      if (matches.has(i)) { select(i, { reveal: true }); break; }
    }
  });
  if (state.find) applyFind();

  drawDetails();
  await show(view);
  // For the benchmark: when the first view of the trace is on screen (read with performance.getEntriesByName).
  performance.mark('orrery:trace-shown');
  // The logs query waits until the rows are painted: on two cores its request and the server's
  // work on it would otherwise compete with the first frame.
  if (state.logs !== '0') {
    afterNextPaint(() => {
      if (!abort.signal.aborted) renderLogsPanel(logs, { model, range: ctx.range, onSpan: (i) => select(i, { reveal: true }), signal: abort.signal });
    });
  } else {
    replace(logs);
  }

  return () => {
    abort.abort();
    current?.destroy?.();
  };
}
