// /explore: PromQL over the metrics store, several queries on one chart, with autocomplete for
// metric names, labels and values, and exemplars drawn as points that open their trace.
// View state in the URL: q, q1, q2, q3 (the queries), stacked.
import { h, replace } from '../core/dom.js';
import { getJson, promRange } from '../core/api.js';
import { stepSeconds } from '../core/url-state.js';
import { queryEditor } from './query-editor.js';
import { completionContext, scopeSelector } from './query-complete.js';
import { MAX_QUERIES, queriesFromState, queriesToPatch, toSeries, toExemplars } from './explore-model.js';
import { drawChart } from './explore-chart.js';

const FUNCTIONS = [
  'rate', 'irate', 'increase', 'sum', 'avg', 'min', 'max', 'count', 'topk', 'bottomk', 'histogram_quantile',
  'sum_over_time', 'avg_over_time', 'max_over_time', 'count_over_time', 'delta', 'deriv', 'abs', 'clamp_min',
  'label_replace', 'absent', 'by', 'without',
];

export async function render(root, ctx) {
  const abort = new AbortController();
  const options = { signal: abort.signal };
  const { range } = ctx;
  const cache = new Map();
  const queries = queriesFromState(ctx.state);
  let stacked = ctx.state.stacked === '1';

  function cached(path, params) {
    const key = path + JSON.stringify(params);
    if (!cache.has(key)) cache.set(key, getJson(path, params, options).then((b) => b?.data ?? []).catch(() => []));
    return cache.get(key);
  }

  async function suggest(text, cursor) {
    const context = completionContext(text, cursor);
    const scope = scopeSelector(context);
    const window = { start: Math.floor(range.fromMs / 1000), end: Math.ceil(range.toMs / 1000) };
    if (context.kind === 'metric') {
      if (!context.prefix) return null;
      const names = await cached('/api/v1/label/__name__/values', window);
      return { context, options: [...names, ...FUNCTIONS] };
    }
    if (context.kind === 'label') {
      const names = await cached('/api/v1/labels', { ...window, 'match[]': scope ?? undefined });
      return { context, options: names.filter((n) => n !== '__name__') };
    }
    if (context.kind === 'value') {
      const values = await cached(`/api/v1/label/${encodeURIComponent(context.label)}/values`, { ...window, 'match[]': scope ?? undefined });
      return { context, options: values };
    }
    return null;
  }

  const editors = [];
  const editorList = h('div', { class: 'query-list' });
  const chartHost = h('div', { class: 'chart-host' });
  const status = h('p', { class: 'muted', id: 'explore-status' });
  const stackedBox = h('input', { type: 'checkbox', id: 'stacked', checked: stacked });
  stackedBox.addEventListener('change', () => {
    stacked = stackedBox.checked;
    ctx.setState({ stacked: stacked ? '1' : null });
    run();
  });

  function addEditor(text) {
    if (editors.length >= MAX_QUERIES) return;
    const editor = queryEditor({ value: text, placeholder: 'PromQL, e.g. rate(http_requests_total[5m])', label: `PromQL query ${editors.length + 1}`, suggest, onRun: apply });
    const row = h('div', { class: 'query-row' },
      h('span', { class: 'query-letter', text: String.fromCharCode(65 + editors.length) }),
      editor.element,
      h('button', {
        type: 'button', title: 'remove this query', text: '✕',
        onclick: () => {
          if (editors.length === 1) { editor.setValue(''); return; }
          editors.splice(editors.indexOf(editor), 1);
          row.remove();
          relabel();
        },
      }));
    editor.row = row;
    editors.push(editor);
    editorList.append(row);
  }

  function relabel() {
    editors.forEach((e, i) => { e.row.firstChild.textContent = String.fromCharCode(65 + i); });
  }

  function apply() {
    const texts = editors.map((e) => e.value());
    ctx.setState(queriesToPatch(texts), { push: true });
    run();
  }

  let runTicket = 0;
  async function run() {
    const mine = ++runTicket;
    const texts = editors.map((e) => e.value().trim());
    const active = texts.map((q, i) => [q, i]).filter(([q]) => q);
    if (!active.length) {
      replace(chartHost, h('p', { class: 'muted', text: 'Write a PromQL query and press Enter (Shift+Enter in a longer one).' }));
      status.textContent = '';
      return;
    }
    status.textContent = 'Running…';
    const step = stepSeconds(range, 200);
    const answers = await Promise.all(active.map(async ([q, i]) => {
      const [matrix, exemplars] = await Promise.allSettled([
        promRange(q, range, step, options),
        getJson('/api/v1/query_exemplars', { query: q, start: range.fromMs / 1000, end: range.toMs / 1000 }, options),
      ]);
      return { q, i, matrix, exemplars };
    }));
    if (mine !== runTicket || abort.signal.aborted) return;
    const results = [];
    const points = [];
    const errors = [];
    for (const a of answers) {
      if (a.matrix.status === 'rejected') {
        errors.push(h('p', { class: 'error', text: `${String.fromCharCode(65 + a.i)}: ${a.matrix.reason.message}` }));
        results[a.i] = [];
        continue;
      }
      results[a.i] = a.matrix.value;
      if (a.exemplars.status === 'fulfilled') points.push(...toExemplars(a.exemplars.value?.data, a.i));
    }
    const series = toSeries(results);
    status.textContent = `${series.length} series, ${points.length} exemplars, step ${step}s`;
    const chart = h('div', { class: 'chart-wrap' });
    replace(chartHost, errors, chart);
    if (!series.length && !points.length) {
      chart.append(h('p', { class: 'muted', text: 'No data in this time range.' }));
      return;
    }
    drawChart(chart, {
      series, exemplars: points, range, stacked,
      onExemplar: (e) => ctx.navigate(ctx.link(`/trace/${e.traceId}`, e.spanId ? { span: e.spanId } : {})),
    });
  }

  for (const q of queries) addEditor(q);
  replace(root,
    h('h1', { text: 'Metrics' }),
    editorList,
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', id: 'run-query', text: 'Run', onclick: apply }),
      h('button', { type: 'button', text: '+ Query', onclick: () => { addEditor(''); editors[editors.length - 1].input.focus(); } }),
      h('label', {}, stackedBox, ' stacked'),
      status),
    chartHost,
    h('p', { class: 'muted legend', text: 'Dots are exemplars: a measurement with the trace that made it. Click one to open the trace.' }));
  run();
  return () => abort.abort();
}
