// Flame graph: x is time, y is depth, one rectangle per span, drawn on a canvas (10,000 spans
// are 10,000 fillRects, not 10,000 elements). Text on a canvas is never markup.
import { h, replace } from '../core/dom.js';
import { serviceColor, formatDuration } from '../core/format.js';

const LEVEL = 18;

export function createFlame(root, { model, critical, selected, onSelect }) {
  const canvas = h('canvas', { 'aria-label': 'flame graph' });
  const tip = h('div', { class: 'muted', text: 'Click a frame for its details.' });
  const box = h('div', { class: 'flame' }, canvas);
  replace(root, tip, box);
  let maxDepth = 0;
  for (const s of model.spans) maxDepth = Math.max(maxDepth, s.depth);

  function draw() {
    const width = Math.max(300, box.clientWidth - 4);
    const height = (Math.min(maxDepth, 2000) + 1) * LEVEL;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    const scale = width / (model.durationNs || 1);
    for (const s of model.spans) {
      const x = s.startNs * scale;
      const w = Math.max(1, s.durationNs * scale);
      const y = s.depth * LEVEL;
      g.fillStyle = serviceColor(s.service);
      g.fillRect(x, y, w, LEVEL - 1);
      if (critical.has(s.id)) {
        g.fillStyle = '#e0871a';
        g.fillRect(x, y + LEVEL - 4, w, 3);
      }
      if (s.error || s.index === selected) {
        g.strokeStyle = s.index === selected ? '#1d1f24' : '#d1342f';
        g.lineWidth = 2;
        g.strokeRect(x + 1, y + 1, Math.max(1, w - 2), LEVEL - 3);
      }
      if (w > 40) {
        g.fillStyle = '#111';
        g.save();
        g.beginPath();
        g.rect(x, y, w, LEVEL);
        g.clip();
        g.fillText(`${s.name} (${formatDuration(s.durationNs)})`, x + 3, y + LEVEL / 2);
        g.restore();
      }
    }
  }

  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const t = ((event.clientX - rect.left) / rect.width) * model.durationNs;
    const depth = Math.floor((event.clientY - rect.top) / LEVEL);
    const hit = model.spans.find((s) => s.depth === depth && s.startNs <= t && t <= s.endNs);
    if (hit) onSelect(hit.index);
  });
  draw();
  return {
    update(patch) {
      if ('selected' in patch) selected = patch.selected;
      draw();
    },
    destroy() {},
  };
}
