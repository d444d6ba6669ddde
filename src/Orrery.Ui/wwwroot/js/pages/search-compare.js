// The search page's comparison panel: for the box dragged on the scatter plot, TraceQL compare()
// over Tempo's metrics API and the attributes whose values differ most between the traces in the
// box (the selection) and the other matching spans (the baseline), with each value's share of
// spans on either side.
import { h, replace, navLink } from '../core/dom.js';
import { getJson } from '../core/api.js';
import { formatDuration, formatPercent, formatTimestamp } from '../core/format.js';
import { compareQuery, rankComparison, selectionTraceQL } from './compare-model.js';

/** Attributes shown, and values per attribute: the top of the ranking is the answer. */
const MAX_ATTRIBUTES = 12;
const MAX_VALUES = 5;

/** Returns { element, show(filter, selection, range) }; a null selection hides the panel. */
export function comparePanel(ctx, options, onClear) {
  const element = h('section', { class: 'compare-panel', id: 'compare', hidden: true });
  let ticket = 0;

  async function show(filter, sel, range) {
    const mine = ++ticket;
    if (!sel) {
      element.hidden = true;
      replace(element);
      return;
    }
    element.hidden = false;
    const selectedQuery = selectionTraceQL(filter, sel);
    const header = h('div', { class: 'compare-header' },
      h('h2', { text: 'Selection vs. baseline' }),
      h('span', {
        class: 'muted', id: 'compare-summary',
        text: `traces started ${formatTimestamp(sel.fromMs).slice(11, 19)}–${formatTimestamp(sel.toMs).slice(11, 19)} lasting ${formatDuration(sel.minMs * 1e6)}–${formatDuration(sel.maxMs * 1e6)}`,
      }),
      navLink(ctx.link('/search', { q: selectedQuery }), 'search these', { class: 'toolbar-link' }),
      navLink(ctx.link('/critical-path', { q: selectedQuery }), 'their critical path', { class: 'toolbar-link', id: 'compare-critical-path' }),
      h('button', { type: 'button', id: 'compare-clear', text: 'Clear selection', onclick: onClear }));
    const body = h('div', { class: 'compare-body' }, h('p', { class: 'muted', text: 'Comparing…' }));
    replace(element, header, body);

    // The fetch range must hold the spans of traces that started in the box (see compareQuery).
    const endMs = Math.max(range.toMs, sel.toMs + sel.maxMs);
    let ranked;
    try {
      ranked = rankComparison(await getJson('/api/metrics/query', {
        q: compareQuery(filter, sel), start: Math.floor(range.fromMs / 1000), end: Math.ceil(endMs / 1000),
      }, options));
    } catch (e) {
      if (mine === ticket && !options.signal?.aborted) replace(body, h('p', { class: 'error', text: e.message }));
      return;
    }
    if (mine !== ticket) return;
    if (!ranked.selectionSpans) {
      replace(body, h('p', { class: 'muted', text: 'No spans in the selection: drag a box around some points.' }));
      return;
    }
    replace(body,
      h('p', { class: 'muted', text: `${ranked.selectionSpans} spans selected, ${ranked.baselineSpans} in the baseline. Share of spans with each value, most different first.` }),
      h('div', { class: 'compare-attributes' }, ranked.attributes.slice(0, MAX_ATTRIBUTES).map((a) => h('div', {
        class: 'compare-attribute', dataset: { attribute: a.attribute },
      },
      h('div', { class: 'compare-attribute-name' }, h('span', { class: 'mono', text: a.attribute }), h('span', { class: 'muted', text: ` Δ ${formatPercent(a.score)}` })),
      h('table', { class: 'compare-values' }, h('tbody', {}, a.values.slice(0, MAX_VALUES).map((v) => h('tr', { class: 'compare-value', dataset: { value: v.value } },
        h('td', { class: 'mono compare-value-text', text: v.value, title: v.value }),
        h('td', { class: 'compare-bars' },
          bar('selection', v.selectionShare),
          bar('baseline', v.baselineShare)),
        h('td', { class: 'num compare-shares' },
          h('span', { class: 'share-selection', text: formatPercent(v.selectionShare) }),
          ' vs ',
          h('span', { class: 'share-baseline', text: formatPercent(v.baselineShare) }))))))))));
  }

  return { element, show };
}

function bar(side, share) {
  return h('div', { class: `compare-bar ${side}`, style: { width: `${Math.max(0, Math.min(1, share)) * 100}%` }, title: `${side}: ${formatPercent(share)}` });
}
