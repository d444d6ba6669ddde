// /critical-path: for all traces matching a TraceQL filter in the time range, the operations
// (service + span name) ranked by their share of the time the traces' requests waited on — their
// critical paths summed, from /api/ui/critical-path. Each links to example traces. View state in
// the URL: q (TraceQL filter), limit (traces aggregated).
import { h, replace, navLink } from '../core/dom.js';
import { getJson } from '../core/api.js';
import { formatDuration, formatPercent, serviceColor } from '../core/format.js';
import { queryEditor } from './query-editor.js';
import { traceqlSuggest } from './traceql-suggest.js';
import { DEFAULT_LIMIT, limitFrom, criticalPathRows, exampleTracesQuery } from './critical-path-model.js';

const DEFAULT_QUERY = '{ }';

export async function render(root, ctx) {
  const abort = new AbortController();
  const options = { signal: abort.signal };
  const { range } = ctx;
  const editor = queryEditor({
    value: ctx.state.q ?? DEFAULT_QUERY, placeholder: '{ resource.service.name = "checkout" }', label: 'TraceQL filter',
    suggest: traceqlSuggest(range, options), onRun: apply,
  });
  const limitInput = h('input', {
    type: 'number', min: 1, max: 2000, value: limitFrom(ctx.state.limit), id: 'cp-limit', 'aria-label': 'traces to aggregate', class: 'limit-input',
  });
  const status = h('span', { class: 'muted', id: 'cp-status' });
  const resultHost = h('div', { class: 'cp-results' });

  function apply() {
    const limit = limitFrom(limitInput.value);
    ctx.setState({ q: editor.value().trim() || null, limit: limit === DEFAULT_LIMIT ? null : limit }, { push: true });
    run();
  }

  async function run() {
    const q = editor.value().trim() || DEFAULT_QUERY;
    const limit = limitFrom(limitInput.value);
    status.textContent = `Walking the critical paths of up to ${limit} traces…`;
    replace(resultHost);
    let view;
    try {
      view = criticalPathRows(await getJson('/api/ui/critical-path', {
        q, start: Math.floor(range.fromMs / 1000), end: Math.ceil(range.toMs / 1000), limit,
      }, options));
    } catch (e) {
      if (abort.signal.aborted) return;
      status.textContent = '';
      replace(resultHost, h('p', { class: 'error', text: e.message }));
      return;
    }
    if (abort.signal.aborted) return;
    status.textContent = `${view.traceCount}${view.traceCount >= limit ? '+' : ''} trace${view.traceCount === 1 ? '' : 's'}, ${formatDuration(view.totalNanos)} on the critical path${view.traceCount === 1 ? '' : 's'}`
      + (view.traceCount ? `, ${formatDuration(view.totalNanos / view.traceCount)} per trace` : '');
    if (!view.rows.length) {
      replace(resultHost, h('p', { class: 'muted', text: 'No traces match in this time range.' }));
      return;
    }
    replace(resultHost, h('table', { class: 'grid cp-table' },
      h('thead', {}, h('tr', {},
        h('th', { class: 'num', text: '#' }), h('th', { text: 'Service' }), h('th', { text: 'Operation' }),
        h('th', { text: 'Share of the critical path' }), h('th', { class: 'num', text: 'Share' }),
        h('th', { class: 'num', text: 'Total time' }), h('th', { class: 'num', text: 'Per trace' }),
        h('th', { class: 'num', text: 'Traces' }), h('th', { text: '' }))),
      h('tbody', {}, view.rows.map((r) => h('tr', { class: 'cp-row', dataset: { service: r.service, name: r.name } },
        h('td', { class: 'num muted', text: String(r.rank) }),
        h('td', {}, h('span', { class: 'chip', style: { background: serviceColor(r.service) } }), h('span', { class: 'cp-service', text: r.service })),
        h('td', { class: 'cp-name mono', text: r.name }),
        h('td', { class: 'cp-bar-cell' }, h('div', {
          class: 'cp-bar', style: { width: `${(r.barWidth * 100).toFixed(1)}%`, background: serviceColor(r.service) }, title: formatPercent(r.share),
        })),
        h('td', { class: 'num cp-share', text: formatPercent(r.share) }),
        h('td', { class: 'num', text: formatDuration(r.nanos) }),
        h('td', { class: 'num', text: formatDuration(r.perTraceNanos), title: 'critical time per trace it was on' }),
        h('td', { class: 'num', text: `${r.traces} (${formatPercent(r.traceShare)})` }),
        h('td', { class: 'links' }, navLink(ctx.link('/search', { q: exampleTracesQuery(q, r.service, r.name) }), 'example traces', { class: 'cp-examples' })))))));
  }

  replace(root,
    h('h1', { text: 'Critical path' }),
    h('p', {
      class: 'muted',
      text: 'Where the matching requests spend their time: each trace\'s critical path (the spans its end waited on) summed by operation, slow traces weighing more.',
    }),
    h('div', { class: 'query-row' }, editor.element),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', id: 'run-critical-path', text: 'Aggregate', onclick: apply }),
      h('label', { class: 'muted' }, 'traces ', limitInput),
      status),
    resultHost);
  await run();
  return () => abort.abort();
}
