// The search page's view logic, pure so node --test can check it: the simple form written as
// TraceQL, where the cursor is for autocomplete, and Tempo's answers as rows.
import { quote } from '../core/queries.js';

/** Duration text TraceQL accepts (100ms, 1.5s); empty or invalid → null. */
export function durationLiteral(text) {
  const t = String(text ?? '').trim();
  return /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/.test(t) ? t : null;
}

/**
 * The form's fields → one TraceQL spanset: service, operation, attributes ("key=value" lines,
 * a bare key means span.key), duration range and status. Empty fields are left out.
 */
export function formToTraceQL({ service, operation, attributes, minDuration, maxDuration, status }) {
  const parts = [];
  if (service?.trim()) parts.push(`resource.service.name = ${quote(service.trim())}`);
  if (operation?.trim()) parts.push(`name = ${quote(operation.trim())}`);
  for (const line of String(attributes ?? '').split(/\n|;/)) {
    const m = /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || !m[2]) continue;
    const key = /^(span|resource|event|link|instrumentation)?\./.test(m[1]) ? m[1] : `span.${m[1]}`;
    if (!/^[\w.:/-]+$/.test(key)) continue;
    parts.push(`${key} = ${quote(m[2])}`);
  }
  const min = durationLiteral(minDuration);
  const max = durationLiteral(maxDuration);
  if (min) parts.push(`duration >= ${min}`);
  if (max) parts.push(`duration <= ${max}`);
  if (['error', 'ok', 'unset'].includes(status)) parts.push(`status = ${status}`);
  return parts.length ? `{ ${parts.join(' && ')} }` : '{ }';
}

/**
 * Autocomplete context in TraceQL: { kind: 'tag' | 'value' | 'none', prefix, from, tag?, scope }.
 * `scope` is the query so far closed into a valid spanset (the conditions completed before this
 * one), which Tempo's tag endpoints take as q to narrow their answers.
 */
export function traceqlContext(text, cursor = text.length) {
  const before = text.slice(0, cursor);
  const open = before.lastIndexOf('{');
  if (open < 0 || before.lastIndexOf('}') > open) return { kind: 'none', prefix: '', from: cursor, scope: null };
  const inside = before.slice(open + 1);
  const lastJoin = Math.max(inside.lastIndexOf('&&'), inside.lastIndexOf('||'));
  const done = lastJoin >= 0 ? inside.slice(0, lastJoin).trim() : '';
  const scope = done ? `${before.slice(0, open)}{ ${done} }` : null;
  const value = /([a-zA-Z_.][\w.:/-]*)\s*(=|!=|=~|!~)\s*"((?:[^"\\]|\\.)*)$/.exec(inside);
  if (value) return { kind: 'value', tag: value[1], prefix: value[3], from: cursor - value[3].length, scope };
  const tag = /(?:^|&&|\|\||\()\s*([a-zA-Z_.][\w.:/-]*)?$/.exec(inside);
  if (tag) {
    const prefix = tag[1] ?? '';
    return { kind: 'tag', prefix, from: cursor - prefix.length, scope };
  }
  return { kind: 'none', prefix: '', from: cursor, scope };
}

/** Tempo's /api/v2/search/tags answer → full tag names (resource.x, span.x, intrinsics bare). */
export function tagNames(body) {
  const out = [];
  for (const scope of body?.scopes ?? []) {
    for (const tag of scope.tags ?? []) out.push(scope.name === 'intrinsic' ? tag : `${scope.name}.${tag}`);
  }
  return [...new Set(out)];
}

/** Tempo's tag values answer → the values as text (strings quoted by the editor on insert). */
export function tagValues(body) {
  return [...new Set((body?.tagValues ?? []).map((v) => String(v.value)))];
}

/** Tempo search results → rows sorted by start time: id, root, start (ms), duration (ms). */
export function searchRows(body) {
  return (body?.traces ?? []).map((t) => ({
    traceId: String(t.traceID ?? ''),
    root: `${t.rootServiceName ?? '?'}: ${t.rootTraceName ?? ''}`,
    startMs: Number(BigInt(t.startTimeUnixNano ?? 0) / 1_000_000n),
    durationMs: Number(t.durationMs ?? 0),
    matched: (t.spanSets ?? (t.spanSet ? [t.spanSet] : [])).reduce((n, set) => n + Number(set?.matched ?? 0), 0),
  })).filter((r) => /^[0-9a-fA-F]{1,32}$/.test(r.traceId)).sort((a, b) => a.startMs - b.startMs);
}
