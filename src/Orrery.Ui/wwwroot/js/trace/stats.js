// Per-trace statistics from /api/ui/traces/{id}/analysis: self time by service and by operation.
import { h } from '../core/dom.js';
import { formatDuration, serviceColor } from '../core/format.js';

function table(title, rows, withName, total) {
  return h('div', {},
    h('h2', { text: title }),
    h('table', { class: 'grid stats-table' },
      h('thead', {}, h('tr', {},
        h('th', { text: 'Service' }), withName ? h('th', { text: 'Operation' }) : null,
        h('th', { class: 'num', text: 'Spans' }), h('th', { class: 'num', text: 'Errors' }),
        h('th', { class: 'num', text: 'Self time' }), h('th', { class: 'num', text: 'Total' }),
        h('th', { class: 'num', text: 'Critical path' }))),
      h('tbody', {}, rows.map((r) => h('tr', {},
        h('td', {}, h('span', { class: 'chip', style: { background: serviceColor(r.service) } }), r.service),
        withName ? h('td', { text: r.name }) : null,
        h('td', { class: 'num', text: r.count }),
        h('td', { class: ['num', r.errors && 'error'], text: r.errors }),
        h('td', { class: 'num bar-cell' },
          h('div', { class: 'bar', style: { width: `${total ? (r.selfNanos / total) * 100 : 0}%` } }),
          h('span', { text: formatDuration(r.selfNanos) })),
        h('td', { class: 'num', text: formatDuration(r.totalNanos) }),
        h('td', { class: 'num', text: r.criticalNanos ? formatDuration(r.criticalNanos) : '—' }))))));
}

export function statsView(analysis) {
  const total = analysis.services.reduce((sum, r) => sum + r.selfNanos, 0);
  return h('div', { class: 'stats' },
    h('p', { class: 'muted', text: 'Self time: a span\'s duration minus the time at least one of its children ran. Critical path: the part of it the trace waited on.' }),
    table('By service', analysis.services, false, total),
    table('By operation', analysis.operations, true, total));
}
