// The metrics page's time-series chart, drawn by hand in SVG: lines or stacked areas, a legend
// that hides a series on click, hover values for every series at the nearest instant, and
// exemplars as points (click one to open its trace).
import { h, s, replace } from '../core/dom.js';
import { formatTimestamp } from '../core/format.js';
import { yDomain, stack, valuesAt, timeTicks } from './explore-model.js';

const HEIGHT = 280;
const PAD = { left: 64, right: 12, top: 10, bottom: 24 };
const PALETTE = ['#3b6fd8', '#e0871a', '#2f9e5b', '#c2417a', '#7a5cd6', '#19a0b5', '#b5a019', '#d1342f', '#5b6b82', '#8c564b'];

/** A colour per series index, stable within one chart. */
export function seriesColor(index) {
  return PALETTE[index % PALETTE.length];
}

/** A number for an axis or tooltip: compact, at most 4 significant digits. */
export function formatValue(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/**
 * Draws into `root`. `series` from toSeries, `exemplars` from toExemplars, `range` {fromMs,toMs};
 * `onExemplar(exemplar)` when a point with a trace id is clicked.
 */
export function drawChart(root, { series, exemplars = [], range, stacked = false, onExemplar }) {
  const hidden = new Set();
  const tooltip = h('div', { class: 'chart-tooltip', hidden: true });
  const svgHost = h('div', { class: 'chart-svg' });
  const legend = h('div', { class: 'chart-legend' });
  replace(root, h('div', { class: 'chart' }, svgHost, tooltip), legend);

  function visibleSeries() {
    const shown = series.map((x, i) => ({ ...x, color: seriesColor(i), index: i })).filter((x) => !hidden.has(x.index));
    return stacked ? stack(shown) : shown;
  }

  function draw() {
    // Drawn at the host's own pixel width so circles stay round and text unstretched.
    const WIDTH = Math.max(320, Math.round(svgHost.clientWidth || 960));
    const shown = visibleSeries();
    const { lo, hi } = yDomain(shown, stacked ? [] : exemplars.map((e) => e.value));
    const x = (ms) => PAD.left + ((ms - range.fromMs) / (range.toMs - range.fromMs || 1)) * (WIDTH - PAD.left - PAD.right);
    const y = (v) => HEIGHT - PAD.bottom - ((v - lo) / (hi - lo || 1)) * (HEIGHT - PAD.top - PAD.bottom);
    const svg = s('svg', { class: 'timeseries', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img', 'aria-label': 'time series chart' });

    for (let i = 0; i <= 4; i++) {
      const v = lo + ((hi - lo) * i) / 4;
      svg.append(s('line', { class: 'grid-line', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }),
        s('text', { class: 'axis-label', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', text: formatValue(v) }));
    }
    for (const t of timeTicks(range.fromMs, range.toMs)) {
      svg.append(s('text', { class: 'axis-label', x: x(t), y: HEIGHT - 6, 'text-anchor': 'middle', text: formatTimestamp(t).slice(11, 16) }));
    }

    for (const ser of shown) {
      // One path per run of points without a gap.
      let d = '';
      let area = '';
      let run = [];
      const flush = () => {
        if (!run.length) return;
        d += run.map(([t, v], j) => `${j ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('');
        if (stacked) {
          const back = run.slice().reverse().map(([t, , base]) => `L${x(t).toFixed(1)},${y(base).toFixed(1)}`).join('');
          area += `${run.map(([t, v], j) => `${j ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join('')}${back}Z`;
        }
        run = [];
      };
      for (const p of ser.points) {
        if (p[1] === null) flush();
        else run.push(p);
      }
      flush();
      if (area) svg.append(s('path', { class: 'series-area', d: area, fill: ser.color }));
      if (d) svg.append(s('path', { class: 'series-line', d, stroke: ser.color, dataset: { series: ser.name } }));
      if (ser.points.filter((p) => p[1] !== null).length === 1) {
        const p = ser.points.find((q) => q[1] !== null);
        svg.append(s('circle', { cx: x(p[0]), cy: y(p[1]), r: 2.5, fill: ser.color }));
      }
    }

    const cursor = s('line', { class: 'hover-line', y1: PAD.top, y2: HEIGHT - PAD.bottom, visibility: 'hidden' });
    svg.append(cursor);

    for (const e of exemplars) {
      if (e.ms < range.fromMs || e.ms > range.toMs) continue;
      const dot = s('circle', {
        class: ['exemplar', e.traceId && 'linked'], cx: x(e.ms), cy: y(Math.min(e.value, hi)), r: 4,
        dataset: { traceId: e.traceId ?? '' },
      }, s('title', { text: `exemplar ${formatValue(e.value)} at ${formatTimestamp(e.ms)}${e.traceId ? `\ntrace ${e.traceId} (click to open)` : ''}` }));
      if (e.traceId && onExemplar) dot.addEventListener('click', (ev) => { ev.stopPropagation(); onExemplar(e); });
      svg.append(dot);
    }

    svg.addEventListener('mousemove', (ev) => {
      const box = svg.getBoundingClientRect();
      const px = ((ev.clientX - box.left) / box.width) * WIDTH;
      const ms = range.fromMs + ((px - PAD.left) / (WIDTH - PAD.left - PAD.right)) * (range.toMs - range.fromMs);
      const at = valuesAt(shown, ms);
      if (!at || ev.target.classList?.contains('exemplar')) {
        tooltip.hidden = true;
        cursor.setAttribute('visibility', 'hidden');
        return;
      }
      cursor.setAttribute('x1', x(at.ms));
      cursor.setAttribute('x2', x(at.ms));
      cursor.setAttribute('visibility', 'visible');
      const colorOf = new Map(shown.map((q) => [q.name + q.queryIndex, q.color]));
      replace(tooltip, h('div', { class: 'muted', text: formatTimestamp(at.ms) }),
        at.rows.slice(0, 12).map((r) => h('div', { class: 'tooltip-row' },
          h('span', { class: 'chip', style: { background: colorOf.get(r.name + r.queryIndex) } }),
          h('span', { class: 'mono', text: `${formatValue(r.raw)}  ` }), h('span', { text: r.name }))));
      tooltip.hidden = false;
      const left = ev.clientX - box.left;
      tooltip.style.left = `${Math.min(left + 12, box.width - 260)}px`;
      tooltip.style.top = `${ev.clientY - box.top + 12}px`;
    });
    svg.addEventListener('mouseleave', () => {
      tooltip.hidden = true;
      cursor.setAttribute('visibility', 'hidden');
    });
    replace(svgHost, svg);
  }

  replace(legend, series.map((ser, i) => h('button', {
    type: 'button', class: 'legend-item', title: 'show or hide this series',
    onclick: (ev) => {
      if (hidden.has(i)) hidden.delete(i);
      else hidden.add(i);
      ev.currentTarget.classList.toggle('off', hidden.has(i));
      draw();
    },
  }, h('span', { class: 'chip', style: { background: seriesColor(i) } }), h('span', { text: ser.name }))));
  draw();
}
