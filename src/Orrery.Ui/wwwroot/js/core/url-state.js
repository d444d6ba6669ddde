// All view state lives in the URL query string, so a link shares a view and a reload restores it.
// These functions are pure (no window access) so node --test can check them.

/** The default time range: the last hour, as Grafana's default. */
export const DEFAULT_FROM = 'now-1h';
export const DEFAULT_TO = 'now';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Query string (with or without "?") → plain object of strings; repeated keys keep the last value. */
export function parseState(search) {
  const state = {};
  for (const [k, v] of new URLSearchParams(search)) state[k] = v;
  return state;
}

/**
 * A new query string from a state and a patch: keys patched to null, undefined or "" are removed,
 * the rest are kept. Keys are sorted so equal states give equal URLs.
 */
export function serializeState(state, patch = {}) {
  const merged = { ...state, ...patch };
  const params = new URLSearchParams();
  for (const key of Object.keys(merged).sort()) {
    const value = merged[key];
    if (value === null || value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A path plus the serialized state: what goes to history.pushState. */
export function urlFor(pathname, state, patch = {}) {
  return pathname + serializeState(state, patch);
}

/**
 * One end of a time range: "now", "now-15m" (s, m, h, d, w), a Unix time in milliseconds, or an
 * ISO-8601 date. Returns milliseconds, or NaN when the text is none of those.
 */
export function parseTimePoint(text, nowMs) {
  if (text === undefined || text === null) return NaN;
  const t = String(text).trim();
  if (t === 'now') return nowMs;
  const rel = /^now-(\d+)([smhdw])$/.exec(t);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2]];
  if (/^\d{10,}$/.test(t)) return Number(t);
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? NaN : ms;
  }
  return NaN;
}

/** The state's time range resolved against a clock, falling back to the default for bad input. */
export function resolveRange(state, nowMs) {
  let fromMs = parseTimePoint(state.from ?? DEFAULT_FROM, nowMs);
  let toMs = parseTimePoint(state.to ?? DEFAULT_TO, nowMs);
  let valid = true;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs >= toMs) {
    valid = false;
    fromMs = parseTimePoint(DEFAULT_FROM, nowMs);
    toMs = nowMs;
  }
  return { fromMs, toMs, valid };
}

/** A step for range queries that gives about `points` points, rounded to a whole second (minimum 1 s). */
export function stepSeconds(range, points = 120) {
  const seconds = (range.toMs - range.fromMs) / 1000 / points;
  return Math.max(1, Math.ceil(seconds));
}

/** How the time picker labels a range: the preset's name, or "from → to". */
export function describeRange(state) {
  const from = state.from ?? DEFAULT_FROM;
  const to = state.to ?? DEFAULT_TO;
  const rel = /^now-(\d+)([smhdw])$/.exec(from);
  if (rel && to === 'now') {
    const names = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' };
    const n = Number(rel[1]);
    return `Last ${n === 1 ? '' : `${n} `}${names[rel[2]]}${n === 1 ? '' : 's'}`;
  }
  return `${from} → ${to}`;
}

/** The preset ranges the picker offers. */
export const PRESETS = ['now-5m', 'now-15m', 'now-1h', 'now-3h', 'now-6h', 'now-12h', 'now-24h', 'now-2d', 'now-7d'];

/** Keys that follow a person from page to page (the time range and the tenant); the rest belong to one page. */
export const GLOBAL_KEYS = ['from', 'to', 'org'];

/** The part of a state that a link to another page carries along. */
export function carried(state) {
  const out = {};
  for (const key of GLOBAL_KEYS) if (state[key] !== undefined) out[key] = state[key];
  return out;
}

/** A link to another page: its own keys plus the carried ones. */
export function linkTo(pathname, state, own = {}) {
  return urlFor(pathname, carried(state), own);
}
