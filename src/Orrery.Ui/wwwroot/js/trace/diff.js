// Compare with another trace (/trace/{id}?compare={other}): the structural diff from /api/ui.
import { h, navLink } from '../core/dom.js';
import { formatDuration } from '../core/format.js';

function spanList(title, rows) {
  return h('div', {},
    h('h2', { text: `${title} (${rows.length})` }),
    rows.length ? h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Service' }), h('th', { text: 'Operation' }), h('th', { text: 'Path' }), h('th', { class: 'num', text: 'Duration' }))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('td', { text: r.service }), h('td', { text: r.name + (r.ordinal ? ` #${r.ordinal + 1}` : '') }),
        h('td', { class: 'muted', text: r.path }), h('td', { class: 'num', text: formatDuration(r.durationNanos) })))))
      : h('p', { class: 'muted', text: 'none' }));
}

export function diffView(diff, traceId, otherId, link) {
  const changed = diff.matched.filter((m) => m.deltaNanos !== 0);
  return h('div', { class: 'stats diff' },
    h('p', {},
      'This trace (A) against ', navLink(link(`/trace/${otherId}`), otherId), ' (B): ',
      `${diff.a.spanCount} vs ${diff.b.spanCount} spans, ${formatDuration(diff.a.durationNanos)} vs ${formatDuration(diff.b.durationNanos)}. `,
      'Spans are matched by service, name, the names of their ancestors, and their order among equals.'),
    h('h2', { text: `Duration changes (${changed.length} of ${diff.matchedCount} matched)` }),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Service' }), h('th', { text: 'Operation' }), h('th', { text: 'Path' }),
        h('th', { class: 'num', text: 'A' }), h('th', { class: 'num', text: 'B' }), h('th', { class: 'num', text: 'B − A' }))),
      h('tbody', {}, changed.slice(0, 500).map((m) => h('tr', {},
        h('td', { text: m.service }), h('td', { text: m.name + (m.ordinal ? ` #${m.ordinal + 1}` : '') }), h('td', { class: 'muted', text: m.path }),
        h('td', { class: 'num', text: formatDuration(m.durationANanos) }), h('td', { class: 'num', text: formatDuration(m.durationBNanos) }),
        h('td', { class: ['num', m.deltaNanos > 0 ? 'delta-up' : 'delta-down'], text: (m.deltaNanos > 0 ? '+' : '') + formatDuration(m.deltaNanos) }))))),
    spanList('Only in A', diff.onlyInA),
    spanList('Only in B', diff.onlyInB));
}
