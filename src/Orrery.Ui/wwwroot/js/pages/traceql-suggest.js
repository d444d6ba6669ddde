// TraceQL autocomplete for the query editors of the search and critical path pages: tag names
// and values from Tempo's tag endpoints, scoped by the conditions written so far, cached per page.
import { getJson } from '../core/api.js';
import { traceqlContext, tagNames, tagValues } from './search-model.js';

/** A suggest(text, cursor) for queryEditor, over the page's time range. */
export function traceqlSuggest(range, options) {
  const cache = new Map();
  const window = { start: Math.floor(range.fromMs / 1000), end: Math.ceil(range.toMs / 1000) };

  function cached(path, params, pick) {
    const key = path + JSON.stringify(params);
    if (!cache.has(key)) cache.set(key, getJson(path, params, options).then(pick).catch(() => []));
    return cache.get(key);
  }

  return async function suggest(text, cursor) {
    const context = traceqlContext(text, cursor);
    if (context.kind === 'tag') return { context, options: await cached('/api/v2/search/tags', { ...window, q: context.scope ?? undefined }, tagNames) };
    if (context.kind === 'value') {
      return { context, options: await cached(`/api/v2/search/tag/${encodeURIComponent(context.tag)}/values`, { ...window, q: context.scope ?? undefined }, tagValues) };
    }
    return null;
  };
}
