// Number and time formatting shared by the pages. Pure functions.

/** A duration in nanoseconds as people read it: 850ns, 12.3µs, 4.56ms, 1.23s, 2m 3s. */
export function formatDuration(nanos) {
  if (!Number.isFinite(nanos)) return '—';
  const sign = nanos < 0 ? '-' : '';
  const n = Math.abs(nanos);
  if (n < 1e3) return `${sign}${Math.round(n)}ns`;
  if (n < 1e6) return `${sign}${trim(n / 1e3)}µs`;
  if (n < 1e9) return `${sign}${trim(n / 1e6)}ms`;
  if (n < 60e9) return `${sign}${trim(n / 1e9)}s`;
  const totalSeconds = Math.round(n / 1e9);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return sign + (h > 0 ? `${h}h ${m}m` : `${m}m ${s}s`);
}

function trim(value) {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Seconds (as span metrics store latency) as a duration. */
export function formatSeconds(seconds) {
  return formatDuration(seconds * 1e9);
}

/** Requests per second. */
export function formatRate(perSecond) {
  if (!Number.isFinite(perSecond)) return '—';
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.01) return `${(perSecond * 60).toFixed(2)}/min`;
  return `${trim(perSecond)}/s`;
}

/** A ratio 0..1 as a percentage. */
export function formatPercent(ratio) {
  if (!Number.isFinite(ratio)) return '—';
  if (ratio === 0) return '0%';
  if (ratio < 0.001) return '<0.1%';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

/** A wall-clock time in ms as local "YYYY-MM-DD HH:MM:SS.mmm". */
export function formatTimestamp(ms) {
  const d = new Date(ms);
  const p = (v, n = 2) => String(v).padStart(n, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** A stable colour per service name (hue from a string hash), so a service keeps its colour everywhere. */
export function serviceColor(name) {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  const hue = (hash >>> 0) % 360;
  return `hsl(${hue} 55% 55%)`;
}
