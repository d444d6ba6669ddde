// Reads the same HTTP APIs Grafana uses (Tempo, Prometheus, Loki) plus /api/ui/…, on this origin.
import { parseState } from './url-state.js';

/** An API answered with an error; the message is the server's own. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headers(extra) {
  const out = { Accept: 'application/json', ...extra };
  // The tenant, when the URL names one (multi-tenant servers require X-Scope-OrgID).
  const org = parseState(window.location.search).org;
  if (org) out['X-Scope-OrgID'] = org;
  return out;
}

/** GET a JSON document; throws ApiError with the server's message on a non-2xx answer. */
export async function getJson(path, params = {}, { signal, extraHeaders } = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  const qs = query.toString();
  return readJson(await fetch(qs ? `${path}?${qs}` : path, { headers: headers(extraHeaders), signal }));
}

/**
 * GET a JSON document the page's HTML may already have asked for with
 * <link rel="preload" as="fetch" crossorigin> (the trace page does): Chromium hands the preloaded
 * response to a fetch only when the request matches it, so this one sends no header of its own
 * (not even Accept) beyond the tenant, which the server leaves the preload out for.
 */
export async function getPreloadedJson(path, { signal } = {}) {
  const org = parseState(window.location.search).org;
  return readJson(await fetch(path, org ? { headers: { 'X-Scope-OrgID': org }, signal } : { signal }));
}

async function readJson(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body?.error ?? body?.message ?? (text.trim() || response.statusText);
    throw new ApiError(response.status, `${response.status}: ${message}`);
  }
  if (body && body.status === 'error') throw new ApiError(response.status, body.error ?? 'query failed');
  return body;
}

/** Prometheus range query: the matrix result. */
export async function promRange(query, range, step, options) {
  const body = await getJson('/api/v1/query_range', {
    query, start: range.fromMs / 1000, end: range.toMs / 1000, step,
  }, options);
  return body.data.result;
}

/** Prometheus instant query at the end of the range: the vector result. */
export async function promInstant(query, timeMs, options) {
  const body = await getJson('/api/v1/query', { query, time: timeMs / 1000 }, options);
  return body.data.result;
}

/** Loki range query for log lines (streams), newest first. */
export async function lokiRange(query, range, limit, options) {
  const body = await getJson('/loki/api/v1/query_range', {
    query, start: `${Math.floor(range.fromMs)}000000`, end: `${Math.ceil(range.toMs)}000000`, limit, direction: 'backward',
  }, { ...options, extraHeaders: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } });
  return body.data.result;
}

/** Tempo trace by id (OTLP-shaped JSON, base64 ids). */
export function tempoTrace(traceId, options) {
  return getJson(`/api/traces/${encodeURIComponent(traceId)}`, {}, options);
}

/** Tempo search (TraceQL), seconds range. */
export function tempoSearch(q, range, limit, options) {
  return getJson('/api/search', {
    q, start: Math.floor(range.fromMs / 1000), end: Math.ceil(range.toMs / 1000), limit,
  }, options);
}
