// /: every service with its rate, error ratio, p50/p99 latency and a rate sparkline, from the
// span-metrics series; worst first. Where a service has server or consumer spans the numbers are
// of those (requests into the service); otherwise of all its spans.
import { h, s, replace, navLink } from '../core/dom.js';
import { promInstant, promRange, tempoSearch } from '../core/api.js';
import { formatDuration, formatPercent, formatRate, formatSeconds, serviceColor, formatTimestamp } from '../core/format.js';
import { stepSeconds } from '../core/url-state.js';
import {
  ENTRY_KINDS, callsCounters, callsRate, latencyQuantile, serviceTraceQL, serviceLogQL, serviceRatePromQL,
} from '../core/queries.js';
import { summarizeServices, counterIncreases } from './overview-model.js';

export async function render(root, ctx) {
  const abort = new AbortController();
  const { range } = ctx;
  const rangeSeconds = Math.max(60, Math.round((range.toMs - range.fromMs) / 1000));
  const step = stepSeconds(range, 60);
  const options = { signal: abort.signal };
  root.append(h('h1', { text: 'Services' }), h('p', { class: 'muted', text: 'Loading span metrics…' }));

  let results;
  try {
    results = await Promise.all([
      promRange(callsCounters(), range, step, options),
      promInstant(latencyQuantile(0.5, rangeSeconds, true), range.toMs, options),
      promInstant(latencyQuantile(0.99, rangeSeconds, true), range.toMs, options),
      promInstant(latencyQuantile(0.5, rangeSeconds, false), range.toMs, options),
      promInstant(latencyQuantile(0.99, rangeSeconds, false), range.toMs, options),
      promRange(callsRate(Math.max(step * 2, 60)), range, step, options),
    ]);
  } catch (e) {
    if (abort.signal.aborted) return null;
    replace(root, h('h1', { text: 'Services' }), h('p', { class: 'error', text: `Span metrics could not be read: ${e.message}` }));
    return () => abort.abort();
  }
  const [calls, p50Entry, p99Entry, p50All, p99All, rates] = results;
  const services = summarizeServices({ calls: counterIncreases(calls, range.fromMs / 1000), p50Entry, p99Entry, p50All, p99All, rates, rangeSeconds, entryKinds: ENTRY_KINDS.split('|') });

  const expanded = ctx.state.service ?? null;
  const tbody = h('tbody');
  replace(root,
    h('h1', { text: `Services (${services.length})` }),
    h('p', { class: 'muted', text: 'From the span metrics (traces_spanmetrics_*): requests into each service, worst error ratio first, then slowest p99. Click a service for its slowest traces.' }),
    services.length ? h('table', { class: 'grid overview' },
      h('thead', {}, h('tr', {},
        h('th', { text: 'Service' }), h('th', { class: 'num', text: 'Rate' }), h('th', { class: 'num', text: 'Errors' }),
        h('th', { class: 'num', text: 'p50' }), h('th', { class: 'num', text: 'p99' }), h('th', { text: 'Rate over time' }), h('th', { text: '' }))),
      tbody)
      : h('p', { text: 'No span metrics in this time range yet. Send traces over OTLP and they appear here.' }));

  for (const svc of services) {
    const detail = h('tr', { class: 'service-traces', hidden: svc.name !== expanded }, h('td', { colspan: 7 }));
    const nameLink = h('a', {
      href: '#', class: 'service-name', text: svc.name, dataset: { service: svc.name },
      onclick: (e) => {
        e.preventDefault();
        const open = detail.hidden;
        detail.hidden = !open;
        ctx.setState({ service: open ? svc.name : null });
        if (open) loadTraces(detail.firstChild, svc.name);
      },
    });
    tbody.append(
      h('tr', { class: ['service-row', svc.errorRatio > 0.01 && 'bad'], dataset: { service: svc.name } },
        h('td', {}, h('span', { class: 'chip', style: { background: serviceColor(svc.name) } }), nameLink,
          svc.entry ? null : h('span', { class: 'muted', text: ' (all spans)' })),
        h('td', { class: 'num', text: formatRate(svc.rate) }),
        h('td', { class: 'num ratio' }, h('span', { class: 'error-ratio', text: formatPercent(svc.errorRatio) }),
          svc.outgoingErrors > 0 ? h('div', {
            class: 'outgoing-errors muted', text: `${Math.round(svc.outgoingErrors)} failed call${Math.round(svc.outgoingErrors) === 1 ? '' : 's'} out`,
            title: 'errors of this service\'s calls to others (client/producer spans), not counted in its error ratio',
          }) : null),
        h('td', { class: 'num', text: Number.isFinite(svc.p50) ? formatSeconds(svc.p50) : '—' }),
        h('td', { class: 'num', text: Number.isFinite(svc.p99) ? formatSeconds(svc.p99) : '—' }),
        h('td', {}, sparkline(svc.series, serviceColor(svc.name))),
        h('td', { class: 'links' },
          navLink(ctx.link('/search', { q: serviceTraceQL(svc.name) }), 'traces'),
          navLink(ctx.link('/logs', { q: serviceLogQL(svc.name) }), 'logs'),
          navLink(ctx.link('/explore', { q: serviceRatePromQL(svc.name) }), 'metrics'),
          navLink(ctx.link('/critical-path', { q: serviceTraceQL(svc.name) }), 'time spent', { class: 'critical-path-link', title: 'where its traces spend their time: the aggregated critical path' }))),
      detail);
    if (svc.name === expanded) loadTraces(detail.firstChild, svc.name);
  }

  async function loadTraces(cell, service) {
    replace(cell, h('span', { class: 'muted', text: 'Loading traces…' }));
    try {
      const found = await tempoSearch(serviceTraceQL(service), range, 20, options);
      const traces = (found.traces ?? []).sort((a, b) => Number(b.durationMs ?? 0) - Number(a.durationMs ?? 0)).slice(0, 10);
      if (!traces.length) {
        replace(cell, h('span', { class: 'muted', text: 'No traces found in this range.' }));
        return;
      }
      replace(cell, h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', { text: 'Slowest traces' }), h('th', { text: 'Root' }), h('th', { class: 'num', text: 'Duration' }), h('th', { text: 'Started' }))),
        h('tbody', {}, traces.map((t) => h('tr', {},
          h('td', {}, navLink(ctx.link(`/trace/${t.traceID}`), t.traceID, { class: 'trace-link mono' })),
          h('td', { text: `${t.rootServiceName ?? ''}: ${t.rootTraceName ?? ''}` }),
          h('td', { class: 'num', text: formatDuration(Number(t.durationMs ?? 0) * 1e6) }),
          h('td', { class: 'muted', text: formatTimestamp(Number(BigInt(t.startTimeUnixNano ?? 0) / 1_000_000n)) }))))));
    } catch (e) {
      if (!abort.signal.aborted) replace(cell, h('span', { class: 'error', text: e.message }));
    }
  }

  return () => abort.abort();
}

function sparkline(points, color) {
  const width = 120;
  const height = 24;
  const svg = s('svg', { class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'rate over time' });
  if (points.length === 0) return svg;
  // One point (a service only just seen) is drawn as a short level line at the right end.
  if (points.length === 1) points = [[points[0][0] - 1, points[0][1]], points[0]];
  const t0 = points[0][0];
  const t1 = points[points.length - 1][0];
  const max = Math.max(...points.map((p) => p[1])) || 1;
  const coords = points.map(([t, v]) => `${(((t - t0) / (t1 - t0 || 1)) * width).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  svg.append(s('polyline', { points: coords.join(' '), fill: 'none', stroke: color, 'stroke-width': 1.5 }));
  return svg;
}
