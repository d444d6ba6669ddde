// The time range in the top bar: presets, or any from/to the URL grammar accepts.
import { h, replace } from './dom.js';
import { PRESETS, DEFAULT_FROM, DEFAULT_TO, describeRange, parseTimePoint, resolveRange } from './url-state.js';

/** Draws the picker into `root`; `onChange({from, to})` is called with the new URL values. */
export function renderTimePicker(root, state, onChange) {
  const from = state.from ?? DEFAULT_FROM;
  const to = state.to ?? DEFAULT_TO;
  const select = h('select', { 'aria-label': 'time range', id: 'time-range' },
    PRESETS.map((p) => h('option', { value: p, selected: to === 'now' && p === from, text: describeRange({ from: p, to: 'now' }) })),
    h('option', { value: 'custom', selected: !(to === 'now' && PRESETS.includes(from)), text: 'Custom…' }));
  const fromInput = h('input', { type: 'text', value: from, 'aria-label': 'from', size: 18 });
  const toInput = h('input', { type: 'text', value: to, 'aria-label': 'to', size: 18 });
  const error = h('span', { class: 'error' });
  const custom = h('span', { class: 'custom-range' }, fromInput, ' → ', toInput,
    h('button', {
      type: 'button',
      text: 'Apply',
      onclick: () => {
        const now = Date.now();
        const f = parseTimePoint(fromInput.value, now);
        const t = parseTimePoint(toInput.value, now);
        if (Number.isNaN(f) || Number.isNaN(t) || f >= t) {
          error.textContent = 'from must be before to (now, now-1h, an ISO date or Unix ms)';
          return;
        }
        onChange({ from: fromInput.value.trim(), to: toInput.value.trim() });
      },
    }), error);
  custom.hidden = select.value !== 'custom';
  select.addEventListener('change', () => {
    if (select.value === 'custom') {
      custom.hidden = false;
      const r = resolveRange(state, Date.now());
      fromInput.value = new Date(r.fromMs).toISOString();
      toInput.value = new Date(r.toMs).toISOString();
      return;
    }
    onChange({ from: select.value, to: 'now' });
  });
  const refresh = h('button', { type: 'button', title: 'refresh', text: '↻', onclick: () => onChange({}) });
  replace(root, select, custom, refresh);
}
