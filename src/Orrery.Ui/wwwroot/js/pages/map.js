// /map: the services and the calls between them (from /api/service-graph), laid out in layers
// by call depth; each node and edge shows rate, error ratio and latency; click one for links to
// its traces, logs and metrics. View state in the URL: node or edge (source→target) selected.
import { h, s, replace, navLink } from '../core/dom.js';
import { getJson } from '../core/api.js';
import { formatPercent, formatRate, formatSeconds, serviceColor } from '../core/format.js';
import { quote, serviceTraceQL, serviceLogQL, serviceRatePromQL } from '../core/queries.js';
import { layerNodes } from './map-model.js';

const NODE_W = 170;
const NODE_H = 54;
const COL = 380;
const ROW = 96;

export async function render(root, ctx) {
  const abort = new AbortController();
  const { range } = ctx;
  root.append(h('h1', { text: 'Service map' }), h('p', { class: 'muted', text: 'Loading the service graph…' }));
  let graph;
  try {
    graph = await getJson('/api/service-graph', { start: Math.floor(range.fromMs / 1000), end: Math.ceil(range.toMs / 1000) }, { signal: abort.signal });
  } catch (e) {
    if (!abort.signal.aborted) replace(root, h('h1', { text: 'Service map' }), h('p', { class: 'error', text: e.message }));
    return () => abort.abort();
  }
  const nodes = graph?.nodes ?? [];
  const edges = graph?.edges ?? [];
  const detail = h('aside', { class: 'side map-detail' });
  if (!nodes.length && !edges.length) {
    replace(root, h('h1', { text: 'Service map' }), h('p', { class: 'muted', text: 'No calls between services in this time range (the servicegraph connector writes them from traces).' }));
    return () => abort.abort();
  }
  const layout = layerNodes(nodes, edges);
  const maxRows = Math.max(...[...layout.values()].map((p) => p.rows));
  const layers = Math.max(...[...layout.values()].map((p) => p.layer)) + 1;
  const width = layers * COL + 40;
  const height = maxRows * ROW + 40;
  const pos = (id) => {
    const p = layout.get(id);
    const offset = ((maxRows - p.rows) * ROW) / 2;
    return { x: 20 + p.layer * COL, y: 20 + offset + p.row * ROW };
  };
  const nodeInfo = new Map(nodes.map((n) => [n.id, n]));
  const svg = s('svg', { class: 'service-map', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'service map' },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9aa0ad' }))));

  for (const e of edges) {
    const a = pos(e.source);
    const b = pos(e.target);
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const back = x2 <= x1;
    const d = back
      ? `M${a.x + NODE_W / 2},${a.y + NODE_H} C${a.x + NODE_W / 2},${a.y + NODE_H + 60} ${b.x + NODE_W / 2},${b.y + NODE_H + 60} ${b.x + NODE_W / 2},${b.y + NODE_H}`
      : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
    const label = `${formatRate(e.requestRate)} · ${formatPercent(e.errorRatio)} err${Number.isFinite(e.p99Seconds) ? ` · p99 ${formatSeconds(e.p99Seconds)}` : ''}`;
    const group = s('g', { class: ['map-edge', e.errorRatio > 0.01 && 'bad'], dataset: { source: e.source, target: e.target }, onclick: () => select({ edge: e }) },
      s('path', { d, 'marker-end': 'url(#arrow)', 'stroke-width': Math.min(6, 1.5 + Math.log10(1 + e.requestRate * 10)) }),
      s('text', { class: 'edge-label', x: back ? (a.x + b.x) / 2 + NODE_W / 2 : (x1 + x2) / 2, y: back ? Math.max(a.y, b.y) + NODE_H + 50 : (y1 + y2) / 2 - 6, 'text-anchor': 'middle', text: label }),
      s('title', { text: `${e.source} → ${e.target}\n${label}` }));
    svg.append(group);
  }
  for (const id of layout.keys()) {
    const p = pos(id);
    const n = nodeInfo.get(id);
    const stats = n ? `${formatRate(n.requestRate)} · ${formatPercent(n.errorRatio)} err` : 'not instrumented';
    svg.append(s('g', { class: ['map-node', n && n.errorRatio > 0.01 && 'bad'], dataset: { service: id }, transform: `translate(${p.x},${p.y})`, onclick: () => select({ node: id }) },
      s('rect', { width: NODE_W, height: NODE_H, rx: 6, stroke: serviceColor(id) }),
      s('text', { class: 'node-name', x: 10, y: 22, text: id.length > 22 ? `${id.slice(0, 21)}…` : id }),
      s('text', { class: 'node-stats', x: 10, y: 40, text: stats }),
      s('title', { text: id })));
  }

  function select({ node, edge }) {
    ctx.setState({ node: node ?? null, edge: edge ? `${edge.source}→${edge.target}` : null });
    svg.querySelectorAll('.selected').forEach((el) => el.classList.remove('selected'));
    if (node) {
      svg.querySelector(`.map-node[data-service="${CSS.escape(node)}"]`)?.classList.add('selected');
      const n = nodeInfo.get(node);
      replace(detail, h('h3', { text: node }),
        n ? h('p', { text: `${formatRate(n.requestRate)} requests, ${formatPercent(n.errorRatio)} errors` }) : null,
        h('p', { class: 'links' },
          navLink(ctx.link('/search', { q: serviceTraceQL(node) }), 'traces'),
          navLink(ctx.link('/logs', { q: serviceLogQL(node) }), 'logs'),
          navLink(ctx.link('/explore', { q: serviceRatePromQL(node) }), 'metrics')));
    } else if (edge) {
      [...svg.querySelectorAll('.map-edge')].find((g) => g.dataset.source === edge.source && g.dataset.target === edge.target)?.classList.add('selected');
      const q = `{ resource.service.name = ${quote(edge.source)} && kind = client } >> { resource.service.name = ${quote(edge.target)} && kind = server }`;
      replace(detail, h('h3', { text: `${edge.source} → ${edge.target}` }),
        h('table', { class: 'kv' }, h('tbody', {},
          [['rate', formatRate(edge.requestRate)], ['errors', formatPercent(edge.errorRatio)], ['p50', Number.isFinite(edge.p50Seconds) ? formatSeconds(edge.p50Seconds) : '—'],
            ['p99', Number.isFinite(edge.p99Seconds) ? formatSeconds(edge.p99Seconds) : '—'], ['type', edge.connectionType || 'direct']]
            .map(([k, v]) => h('tr', {}, h('td', { class: 'k', text: k }), h('td', { text: v }))))),
        h('p', { class: 'links' },
          navLink(ctx.link('/search', { q }), 'traces'),
          navLink(ctx.link('/logs', { q: serviceLogQL(edge.target) }), `logs of ${edge.target}`),
          navLink(ctx.link('/explore', { q: `sum by (client, server) (rate(traces_service_graph_request_total{client=${quote(edge.source)}, server=${quote(edge.target)}}[5m]))` }), 'metrics')));
    } else {
      replace(detail, h('p', { class: 'muted', text: 'Click a service or a call for its traces, logs and metrics.' }));
    }
  }

  replace(root, h('h1', { text: 'Service map' }), h('p', { class: 'muted', text: `${layout.size} services, ${edges.length} calls between them` }),
    h('div', { class: 'map-body' }, h('div', { class: 'map-canvas' }, svg), detail));
  const [source, target] = (ctx.state.edge ?? '').split('→');
  const edge = edges.find((e) => e.source === source && e.target === target);
  select(ctx.state.node && layout.has(ctx.state.node) ? { node: ctx.state.node } : edge ? { edge } : {});
  return () => abort.abort();
}
