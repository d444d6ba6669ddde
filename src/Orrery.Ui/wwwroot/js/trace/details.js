// The selected span's details: status, attributes, resource, events, links.
import { h, navLink } from '../core/dom.js';
import { formatDuration } from '../core/format.js';

function kvTable(rows) {
  if (!rows.length) return h('p', { class: 'muted', text: 'none' });
  return h('table', { class: 'kv' }, rows.map((r) => h('tr', {}, h('td', { class: 'k', text: r.key }), h('td', { text: r.value }))));
}

/** The details panel for one span; `link(path, own)` builds in-app links that keep the time range. */
export function spanDetails(model, index, critical, link) {
  const s = model.spans[index];
  const onPath = (critical.get(s.id) ?? []).reduce((sum, seg) => sum + seg.endNanos - seg.startNanos, 0);
  return h('div', { class: 'span-details' },
    h('h3', { text: s.name }),
    kvTable([
      { key: 'service', value: s.service },
      { key: 'span id', value: s.id },
      { key: 'kind', value: s.kind },
      { key: 'start', value: `+${formatDuration(s.startNs)}` },
      { key: 'duration', value: formatDuration(s.durationNs) },
      { key: 'on critical path', value: onPath ? formatDuration(onPath) : 'no' },
      { key: 'status', value: s.status + (s.statusMessage ? `: ${s.statusMessage}` : '') },
      { key: 'scope', value: [s.scope.name, s.scope.version].filter(Boolean).join(' ') },
    ]),
    h('h3', { text: 'Attributes' }), kvTable(s.attributes),
    h('h3', { text: 'Resource' }), kvTable(s.resource),
    h('h3', { text: `Events (${s.events.length})` }),
    s.events.length ? s.events.map((e) => h('div', { class: 'event' },
      h('div', {}, h('strong', { text: e.name }), ' ', h('span', { class: 'muted', text: `+${formatDuration(e.timeNs - s.startNs)}` })),
      kvTable(e.attributes))) : h('p', { class: 'muted', text: 'none' }),
    h('h3', { text: `Links (${s.links.length})` }),
    s.links.length ? s.links.map((l) => h('div', {},
      navLink(link(`/trace/${l.traceId}`, { span: l.spanId }), `${l.traceId} / ${l.spanId}`),
      kvTable(l.attributes))) : h('p', { class: 'muted', text: 'none' }));
}
