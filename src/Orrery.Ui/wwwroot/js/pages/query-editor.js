// A one-query text editor with a suggestion list, shared by the metrics, logs and search pages.
// The page supplies `suggest(text, cursor)` → { context, options } (or null); the editor shows
// them, applies a choice with Tab/Enter/click, and runs the query on Ctrl+Enter (or Shift+Enter).
import { h, replace } from '../core/dom.js';
import { applyCompletion, filterSuggestions } from './query-complete.js';

/**
 * Returns { element, input, value(), setValue(text) }. `onRun()` is called on Ctrl/Shift+Enter.
 * Suggestions are fetched as the person types; a slower answer for older text is dropped.
 */
export function queryEditor({ value = '', placeholder = '', label = 'query', suggest, onRun, rows = 1 }) {
  const input = h('textarea', {
    class: 'query-input mono', rows, spellcheck: 'false', autocomplete: 'off', placeholder, 'aria-label': label,
  });
  input.value = value;
  const list = h('ul', { class: 'suggestions', role: 'listbox', hidden: true });
  const element = h('div', { class: 'query-editor' }, input, list);
  let items = [];
  let active = -1;
  let context = null;
  let ticket = 0;

  function close() {
    list.hidden = true;
    items = [];
    active = -1;
  }

  function show(options) {
    items = options;
    active = options.length ? 0 : -1;
    replace(list, options.map((o, i) => h('li', {
      role: 'option', text: o, class: i === active ? 'active' : null,
      // mousedown (not click) so the textarea keeps focus.
      onmousedown: (e) => { e.preventDefault(); choose(i); },
    })));
    list.hidden = options.length === 0;
  }

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, j) => li.classList.toggle('active', j === i));
    list.children[i]?.scrollIntoView?.({ block: 'nearest' });
  }

  function choose(i) {
    if (!context || i < 0 || i >= items.length) return;
    const out = applyCompletion(input.value, input.selectionStart, context, items[i]);
    input.value = out.text;
    input.setSelectionRange(out.cursor, out.cursor);
    close();
    refresh();
  }

  async function refresh() {
    if (!suggest) return;
    const mine = ++ticket;
    let answer = null;
    try {
      answer = await suggest(input.value, input.selectionStart);
    } catch {
      answer = null;
    }
    if (mine !== ticket || document.activeElement !== input) return;
    if (!answer || !answer.options?.length) {
      close();
      return;
    }
    context = answer.context;
    show(filterSuggestions(answer.options, context.prefix ?? ''));
  }

  input.addEventListener('input', refresh);
  input.addEventListener('focus', refresh);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey || e.shiftKey)) {
      e.preventDefault();
      close();
      onRun?.();
      return;
    }
    if (list.hidden) {
      // A plain Enter in a one-line editor runs the query too.
      if (e.key === 'Enter' && rows === 1) {
        e.preventDefault();
        onRun?.();
      }
      return;
    }
    if (e.key === 'ArrowDown') { e.preventDefault(); highlight(Math.min(items.length - 1, active + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(0, active - 1)); }
    else if (e.key === 'Tab' || e.key === 'Enter') { e.preventDefault(); choose(active); }
    else if (e.key === 'Escape') { e.preventDefault(); close(); }
  });

  return {
    element,
    input,
    value: () => input.value,
    setValue: (text) => { input.value = text; },
  };
}
