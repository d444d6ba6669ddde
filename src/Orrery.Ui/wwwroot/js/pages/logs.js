// /logs: a LogQL editor with label autocomplete, the volume by level over time, the lines (click
// one for its structured metadata; trace_id links to the trace) and live tail over Loki's
// WebSocket. View state in the URL: q (the query), live (1 while tailing).
import { h, s, replace, navLink } from '../core/dom.js';
import { getJson, lokiRange } from '../core/api.js';
import { formatTimestamp } from '../core/format.js';
import { stepSeconds } from '../core/url-state.js';
import { logLines } from '../trace/logs-panel.js';
import { queryEditor } from './query-editor.js';
import { completionContext } from './query-complete.js';
import { levelColor, normalizeLevel, volumeQuery, volumeBars, streamSelector, traceIdOf } from './logs-model.js';

const LIMIT = 500;
const DEFAULT_QUERY = '{service_name=~".+"}';

export async function render(root, ctx) {
  const abort = new AbortController();
  const options = { signal: abort.signal };
  const { range } = ctx;
  const cache = new Map();
  let socket = null;

  function cached(path, params) {
    const key = path + JSON.stringify(params);
    if (!cache.has(key)) cache.set(key, getJson(path, params, options).then((b) => b?.data ?? []).catch(() => []));
    return cache.get(key);
  }

  async function suggest(text, cursor) {
    const context = completionContext(text, cursor);
    const window = { start: `${Math.floor(range.fromMs)}000000`, end: `${Math.ceil(range.toMs)}000000` };
    if (context.kind === 'label') {
      return { context, options: await cached('/loki/api/v1/labels', window) };
    }
    if (context.kind === 'value') {
      const query = context.matchers ? `{${context.matchers}}` : undefined;
      return { context, options: await cached(`/loki/api/v1/label/${encodeURIComponent(context.label)}/values`, { ...window, query }) };
    }
    return null;
  }

  const editor = queryEditor({ value: ctx.state.q ?? DEFAULT_QUERY, placeholder: '{service_name="checkout"} |= "error"', label: 'LogQL query', suggest, onRun: apply });
  const volumeHost = h('div', { class: 'volume' });
  const linesHost = h('div', { class: 'log-lines' });
  const status = h('span', { class: 'muted', id: 'logs-status' });
  const liveButton = h('button', { type: 'button', id: 'live-tail', text: 'Live', title: 'stream new lines as they arrive', onclick: () => toggleLive() });

  function apply() {
    ctx.setState({ q: editor.value().trim() || null }, { push: true });
    stopLive();
    run();
  }

  async function run() {
    const query = editor.value().trim() || DEFAULT_QUERY;
    status.textContent = 'Running…';
    replace(linesHost);
    const step = stepSeconds(range, 60);
    const [linesResult, volumeResult] = await Promise.allSettled([
      lokiRange(query, range, LIMIT, options),
      getJson('/loki/api/v1/query_range', {
        query: volumeQuery(query, step), start: `${Math.floor(range.fromMs)}000000`, end: `${Math.ceil(range.toMs)}000000`, step,
      }, options),
    ]);
    if (abort.signal.aborted) return;
    if (linesResult.status === 'rejected') {
      status.textContent = '';
      replace(linesHost, h('p', { class: 'error', text: linesResult.reason.message }));
      replace(volumeHost);
      return;
    }
    const lines = logLines(linesResult.value);
    status.textContent = `${lines.length}${lines.length >= LIMIT ? '+' : ''} lines`;
    if (volumeResult.status === 'fulfilled') drawVolume(volumeResult.value?.data?.result ?? [], step);
    else replace(volumeHost, h('p', { class: 'muted', text: `Volume: ${volumeResult.reason.message}` }));
    replace(linesHost, lines.length ? lines.map(lineRow) : h('p', { class: 'muted', text: 'No lines match in this time range.' }));
  }

  function drawVolume(matrix, step) {
    const { bars, levels, max } = volumeBars(matrix);
    const width = Math.max(320, Math.round(volumeHost.clientWidth || 960));
    const height = 90;
    const pad = { left: 48, bottom: 16, top: 6 };
    const x = (ms) => pad.left + ((ms - range.fromMs) / (range.toMs - range.fromMs || 1)) * (width - pad.left - 4);
    const barWidth = Math.max(1, x(range.fromMs + step * 1000) - x(range.fromMs) - 1);
    const y = (v) => height - pad.bottom - (v / (max || 1)) * (height - pad.bottom - pad.top);
    const svg = s('svg', { class: 'volume-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'log volume by level' });
    svg.append(s('text', { class: 'axis-label', x: pad.left - 6, y: pad.top + 8, 'text-anchor': 'end', text: String(max) }),
      s('text', { class: 'axis-label', x: pad.left - 6, y: height - pad.bottom, 'text-anchor': 'end', text: '0' }),
      s('text', { class: 'axis-label', x: pad.left, y: height - 2, text: formatTimestamp(range.fromMs).slice(11, 16) }),
      s('text', { class: 'axis-label', x: width - 4, y: height - 2, 'text-anchor': 'end', text: formatTimestamp(range.toMs).slice(11, 16) }));
    for (const bar of bars) {
      let base = 0;
      for (const part of bar.parts) {
        const rect = s('rect', {
          class: 'volume-bar', x: x(bar.ms - step * 1000), width: barWidth, y: y(base + part.count), height: Math.max(0.5, y(base) - y(base + part.count)),
          fill: levelColor(part.level), dataset: { level: part.level },
        }, s('title', { text: `${formatTimestamp(bar.ms)}  ${part.level}: ${part.count}` }));
        svg.append(rect);
        base += part.count;
      }
    }
    replace(volumeHost, svg, h('div', { class: 'volume-legend' }, levels.map((l) => h('span', { class: 'legend-entry' },
      h('span', { class: 'chip', style: { background: levelColor(l) } }), h('span', { text: l })))));
  }

  function lineRow(l) {
    const traceId = traceIdOf(l.metadata);
    const level = normalizeLevel(l.level);
    const details = h('div', { class: 'log-details', hidden: true });
    const row = h('div', { class: ['log-row', `level-${level}`], dataset: { level } },
      h('div', {
        class: 'log-summary',
        onclick: (e) => {
          if (e.target.closest('a')) return;
          details.hidden = !details.hidden;
          if (!details.hidden && !details.firstChild) fillDetails(details, l);
        },
      },
      h('span', { class: 'log-level', style: { background: levelColor(level) }, title: level }),
      h('span', { class: 'log-time mono', text: formatTimestamp(l.ms) }),
      h('span', { class: 'log-service muted', text: l.service }),
      h('span', { class: 'log-text mono', text: l.line }),
      traceId ? navLink(ctx.link(`/trace/${traceId}`, l.spanId ? { span: l.spanId } : {}), 'trace', { class: 'trace-link', title: `trace ${traceId}` }) : null),
      details);
    return row;
  }

  function fillDetails(details, l) {
    const rows = Object.entries(l.metadata).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => {
      const value = k === 'trace_id' && traceIdOf(l.metadata)
        ? navLink(ctx.link(`/trace/${traceIdOf(l.metadata)}`), String(v), { class: 'mono' })
        : h('span', { class: 'mono', text: String(v) });
      return h('tr', {}, h('td', { class: 'k', text: k }), h('td', {}, value));
    });
    replace(details, h('table', { class: 'kv' }, h('tbody', {}, rows)));
  }

  function toggleLive() {
    if (socket) stopLive();
    else startLive();
  }

  function startLive() {
    const query = editor.value().trim() || DEFAULT_QUERY;
    if (!streamSelector(query)) {
      status.textContent = 'Live tail needs a log query that starts with a {stream selector}.';
      return;
    }
    const url = new URL('/loki/api/v1/tail', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('query', query);
    url.searchParams.set('start', `${Date.now() - 60_000}000000`);
    url.searchParams.set('limit', '100');
    // A browser cannot set X-Scope-OrgID on a WebSocket; Orrery's tail takes the tenant as orgId
    // from a page on its own origin instead.
    if (ctx.state.org) url.searchParams.set('orgId', ctx.state.org);
    socket = new WebSocket(url);
    liveButton.classList.add('active');
    liveButton.textContent = 'Stop live';
    ctx.setState({ live: '1' });
    status.textContent = 'Live: waiting for lines…';
    let seen = 0;
    socket.addEventListener('message', (event) => {
      let body;
      try {
        body = JSON.parse(event.data);
      } catch {
        return;
      }
      const fresh = logLines(body.streams ?? []);
      if (!fresh.length) return;
      if (!linesHost.querySelector('.log-row')) replace(linesHost);
      // Newest on top, as the range query shows them; cap what the page keeps.
      for (const l of fresh.reverse()) linesHost.prepend(lineRow(l));
      while (linesHost.childElementCount > 2000) linesHost.lastChild.remove();
      seen += fresh.length;
      status.textContent = `Live: ${seen} new lines`;
    });
    socket.addEventListener('close', () => {
      if (socket) stopLive('Live tail ended by the server.');
    });
  }

  function stopLive(message) {
    const open = socket;
    socket = null;
    open?.close();
    liveButton.classList.remove('active');
    liveButton.textContent = 'Live';
    ctx.setState({ live: null });
    if (message) status.textContent = message;
  }

  replace(root,
    h('h1', { text: 'Logs' }),
    h('div', { class: 'query-row' }, editor.element),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'primary', id: 'run-logs', text: 'Run', onclick: apply }),
      liveButton, status),
    volumeHost,
    linesHost);
  await run();
  if (ctx.state.live === '1') startLive();
  return () => {
    abort.abort();
    const open = socket;
    socket = null;
    open?.close();
  };
}
