// Where the cursor is in a PromQL or LogQL query, for autocomplete: a metric name, a label name
// inside {…} or by (…), or a label value inside quotes. Pure so node --test can check it.

const IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * The completion context of `text` up to `cursor`:
 *  { kind: 'metric' | 'label' | 'value' | 'none', prefix, from, metric?, label?, matchers? }
 * `from` is where the replaced word starts; `metric` the metric name in front of the braces
 * (to scope label suggestions); `matchers` the complete matchers before the cursor in the braces.
 */
export function completionContext(text, cursor = text.length) {
  const before = text.slice(0, cursor);
  const open = unclosedBrace(before);
  if (open >= 0) {
    const inside = before.slice(open + 1);
    const metric = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(before.slice(0, open))?.[1] ?? null;
    const value = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/.exec(inside);
    if (value) {
      const prefix = value[3];
      const done = inside.slice(0, value.index);
      return { kind: 'value', label: value[1], prefix, from: cursor - prefix.length, metric, matchers: completeMatchers(done) };
    }
    const label = /(?:^|,)\s*([a-zA-Z_][a-zA-Z0-9_]*)?$/.exec(inside);
    if (label) {
      const prefix = label[1] ?? '';
      return { kind: 'label', prefix, from: cursor - prefix.length, metric, matchers: completeMatchers(inside) };
    }
    return { kind: 'none', prefix: '', from: cursor };
  }
  const grouping = /\b(by|without)\s*\(([^()]*)$/.exec(before);
  if (grouping) {
    const prefix = /([a-zA-Z_][a-zA-Z0-9_]*)?$/.exec(grouping[2])[1] ?? '';
    return { kind: 'label', prefix, from: cursor - prefix.length, metric: null, matchers: '' };
  }
  if (/"(?:[^"\\]|\\.)*$/.test(stripStrings(before))) return { kind: 'none', prefix: '', from: cursor };
  const word = IDENT.exec(before)?.[0] ?? '';
  // Right after a number (a duration like 5m) or inside [..] there is nothing to complete.
  if (/\[[^\]]*$/.test(before) || /\d$/.test(before.slice(0, before.length - word.length))) return { kind: 'none', prefix: '', from: cursor };
  return { kind: 'metric', prefix: word, from: cursor - word.length };
}

/** Index of the last "{" not yet closed (ignoring braces inside strings), or -1. */
function unclosedBrace(text) {
  let depth = 0;
  let last = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') { depth++; last = i; }
    else if (c === '}') { depth = Math.max(0, depth - 1); if (depth === 0) last = -1; }
  }
  return depth > 0 ? last : -1;
}

/** Strings removed except an unterminated last one, so a quote count tells whether we are inside. */
function stripStrings(text) {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '');
}

/** The complete `label op "value"` matchers of a brace body, joined with commas. */
function completeMatchers(body) {
  const out = [];
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = re.exec(body)) !== null) out.push(`${m[1]}${m[2]}"${m[3]}"`);
  return out.join(',');
}

/** The selector that scopes suggestions: metric{matchers}, or null when there is nothing to scope by. */
export function scopeSelector(context) {
  const matchers = context.matchers ?? '';
  if (!context.metric && !matchers) return null;
  return `${context.metric ?? ''}{${matchers}}`;
}

/** Applies a chosen suggestion: the new text and the cursor after it (closing a value's quote). */
export function applyCompletion(text, cursor, context, choice) {
  let insert = choice;
  const after = text.slice(cursor);
  if (context.kind === 'value') {
    insert = choice.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    if (!after.startsWith('"')) insert += '"';
  }
  const next = text.slice(0, context.from) + insert + after;
  let caret = context.from + insert.length;
  if (context.kind === 'value' && after.startsWith('"')) caret += 1;
  return { text: next, cursor: caret };
}

/** The suggestions that start with the prefix (case-insensitive), then those containing it, at most `limit`. */
export function filterSuggestions(options, prefix, limit = 50) {
  const p = prefix.toLowerCase();
  const starts = [];
  const contains = [];
  for (const o of options) {
    const l = o.toLowerCase();
    if (l === p) continue;
    if (l.startsWith(p)) starts.push(o);
    else if (p && l.includes(p)) contains.push(o);
  }
  return starts.concat(contains).slice(0, limit);
}
