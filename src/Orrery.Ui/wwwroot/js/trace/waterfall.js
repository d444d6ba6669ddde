// The waterfall: one row per visible span, virtualised — only the rows in the viewport (plus a
// margin) exist in the DOM, so a 10,000-span trace costs the same to scroll as a 10-span one.
import { h, replace } from '../core/dom.js';
import { formatDuration, serviceColor } from '../core/format.js';
import { visibleRows, rowWindow } from './model.js';

const ROW_HEIGHT = 24;

/**
 * Creates the waterfall in `root`. `options`: model, critical (Map spanId → segments), collapsed
 * (Set of indices), matches (Set), selected (index or -1), onSelect(index), onToggle(index).
 * Returns { update(patch), scrollTo(index), destroy() }.
 */
export function createWaterfall(root, options) {
  let opts = { ...options };
  let rows = visibleRows(opts.model, opts.collapsed);
  const spacer = h('div', { class: 'spacer' });
  const scroller = h('div', { class: 'waterfall', tabindex: 0, 'aria-label': 'waterfall' }, spacer);
  const header = h('div', { class: 'wf-header' },
    h('div', { class: 'wf-label', text: `Span (${opts.model.spans.length})` }),
    h('div', { class: 'wf-track' }, ...ticks(opts.model.durationNs)));
  replace(root, header, scroller);
  let frame = 0;

  function draw() {
    frame = 0;
    spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    const { first, last } = rowWindow(scroller.scrollTop, scroller.clientHeight || 600, ROW_HEIGHT, rows.length);
    const fragment = document.createDocumentFragment();
    for (let r = first; r < last; r++) fragment.append(row(rows[r], r));
    spacer.replaceChildren(fragment);
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function row(index, position) {
    const { model, critical, collapsed, matches, selected } = opts;
    const span = model.spans[index];
    const total = model.durationNs || 1;
    const left = (span.startNs / total) * 100;
    const width = Math.max((span.durationNs / total) * 100, 0.05);
    const hasChildren = span.children.length > 0;
    const toggle = h('span', {
      class: 'wf-toggle',
      text: hasChildren ? (collapsed.has(index) ? '▸' : '▾') : '',
      title: hasChildren ? 'collapse or expand' : null,
      'data-toggle': hasChildren ? 'true' : null,
    });
    const label = h('div', { class: 'wf-label', style: { paddingLeft: `${Math.min(span.depth, 40) * 12}px` } },
      toggle,
      span.error ? h('span', { class: 'wf-error', text: '!', title: 'error' }) : null,
      h('span', { class: 'wf-service', text: span.service }),
      h('span', { class: 'wf-name', text: span.name }));
    const track = h('div', { class: 'wf-track' },
      h('div', { class: ['wf-bar', span.error && 'error'], style: { left: `${left}%`, width: `${width}%`, background: serviceColor(span.service) } }));
    for (const seg of critical.get(span.id) ?? []) {
      track.append(h('div', {
        class: 'wf-crit',
        title: 'on the critical path',
        style: { left: `${(seg.startNanos / total) * 100}%`, width: `${Math.max(((seg.endNanos - seg.startNanos) / total) * 100, 0.05)}%` },
      }));
    }
    const labelRight = left + width < 85;
    track.append(h('span', {
      class: 'wf-dur',
      text: formatDuration(span.durationNs),
      style: labelRight ? { left: `calc(${left + width}% + 4px)` } : { right: `calc(${100 - left}% + 4px)` },
    }));
    return h('div', {
      class: ['wf-row', index === selected && 'selected', matches.has(index) && 'match', critical.has(span.id) && 'critical', span.error && 'error'],
      style: { top: `${position * ROW_HEIGHT}px` },
      dataset: { index: String(index), spanId: span.id },
      role: 'row',
    }, label, track);
  }

  // One listener for all rows: rows come and go as the view scrolls.
  spacer.addEventListener('click', (event) => {
    const rowEl = event.target.closest('.wf-row');
    if (!rowEl) return;
    const index = Number(rowEl.dataset.index);
    if (event.target.closest('[data-toggle]')) opts.onToggle(index);
    else opts.onSelect(index);
  });
  scroller.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  draw();

  return {
    update(patch) {
      opts = { ...opts, ...patch };
      if ('collapsed' in patch) rows = visibleRows(opts.model, opts.collapsed);
      draw();
    },
    scrollTo(index) {
      const position = rows.indexOf(index);
      if (position < 0) return;
      const top = position * ROW_HEIGHT;
      if (top < scroller.scrollTop || top > scroller.scrollTop + scroller.clientHeight - ROW_HEIGHT) {
        scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
      }
      draw();
    },
    destroy() {
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

function ticks(durationNs) {
  const out = [];
  for (let i = 0; i <= 4; i++) {
    const style = i === 4 ? { right: '2px' } : { left: `${i * 25}%` };
    out.push(h('span', { style: { position: 'absolute', ...style }, text: formatDuration((durationNs * i) / 4) }));
  }
  return out;
}
