// The logs page's view logic, pure so node --test can check it: the volume query, the volume
// histogram's bars by level, the stream selector of a query and where trace ids are.

/** The levels in the order their bars stack (most severe on top), then anything else. */
export const LEVEL_ORDER = ['trace', 'debug', 'info', 'unknown', 'warn', 'error', 'critical', 'fatal'];

/** A level's colour in the histogram. */
export function levelColor(level) {
  switch (normalizeLevel(level)) {
    case 'fatal': case 'critical': return '#8f1d1a';
    case 'error': return '#d1342f';
    case 'warn': return '#e0a31a';
    case 'info': return '#3b9e5b';
    case 'debug': return '#3b6fd8';
    case 'trace': return '#7a5cd6';
    default: return '#9aa0ad';
  }
}

/** Loki's level spellings folded to one: warning → warn, err → error, eror → error, empty → unknown. */
export function normalizeLevel(level) {
  const l = String(level ?? '').toLowerCase();
  if (!l) return 'unknown';
  if (l.startsWith('warn')) return 'warn';
  if (l === 'err' || l === 'eror' || l.startsWith('error')) return 'error';
  if (l.startsWith('crit')) return 'critical';
  if (l.startsWith('fatal') || l === 'panic') return 'fatal';
  if (l.startsWith('info') || l === 'information' || l === 'notice') return 'info';
  if (l.startsWith('debug') || l === 'dbg') return 'debug';
  if (l.startsWith('trace')) return 'trace';
  return l;
}

/** A LogQL log query → the metric query counting its lines by level per step. */
export function volumeQuery(logQuery, stepSeconds) {
  return `sum by (detected_level) (count_over_time(${logQuery.trim()} [${stepSeconds}s]))`;
}

/**
 * A count matrix (one series per level) → bars: one per timestamp, each with its levels' counts
 * in stacking order. Timestamps are ms; counts numbers.
 */
export function volumeBars(matrix) {
  const byTime = new Map();
  const levels = new Set();
  for (const series of matrix ?? []) {
    const level = normalizeLevel(series.metric?.detected_level ?? series.metric?.level);
    levels.add(level);
    for (const [t, v] of series.values ?? []) {
      const ms = Math.round(Number(t) * 1000);
      const counts = byTime.get(ms) ?? new Map();
      counts.set(level, (counts.get(level) ?? 0) + Number(v));
      byTime.set(ms, counts);
    }
  }
  const order = [...levels].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const bars = [...byTime.entries()].sort(([a], [b]) => a - b).map(([ms, counts]) => ({
    ms,
    total: [...counts.values()].reduce((x, y) => x + y, 0),
    parts: order.filter((l) => counts.has(l)).map((l) => ({ level: l, count: counts.get(l) })),
  }));
  return { bars, levels: order, max: Math.max(0, ...bars.map((b) => b.total)) };
}

function rank(level) {
  const i = LEVEL_ORDER.indexOf(level);
  return i < 0 ? LEVEL_ORDER.length : i;
}

/** The stream selector at the head of a LogQL query ({…}), or null when it does not start with one. */
export function streamSelector(query) {
  const text = String(query ?? '').trim();
  if (!text.startsWith('{')) return null;
  let inString = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '}') return text.slice(0, i + 1);
  }
  return null;
}

/** A line's trace id (hex, lower case) from its metadata, or null. */
export function traceIdOf(metadata) {
  const id = metadata?.trace_id ?? metadata?.traceid ?? metadata?.traceID ?? '';
  return /^[0-9a-fA-F]{16,32}$/.test(id) ? id.toLowerCase() : null;
}
