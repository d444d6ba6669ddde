// Which page module answers a path. The server answers every one of these paths with the same
// shell; one module per page keeps the shell easy to extend (add a route and a module).

export const ROUTES = [
  { page: 'overview', pattern: /^\/$/, title: 'Overview', nav: '/' },
  { page: 'search', pattern: /^\/search\/?$/, title: 'Search', nav: '/search' },
  { page: 'critical-path', pattern: /^\/critical-path\/?$/, title: 'Critical path', nav: '/critical-path' },
  { page: 'trace', pattern: /^\/trace\/([^/]+)\/?$/, params: ['traceId'], title: 'Trace' },
  { page: 'map', pattern: /^\/map\/?$/, title: 'Service map', nav: '/map' },
  { page: 'logs', pattern: /^\/logs\/?$/, title: 'Logs', nav: '/logs' },
  { page: 'explore', pattern: /^\/explore\/?$/, title: 'Metrics', nav: '/explore' },
];

/** The route for a path and its decoded parameters, or null when no page answers it. */
export function matchRoute(pathname) {
  for (const route of ROUTES) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params = {};
    (route.params ?? []).forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
    return { route, params };
  }
  return null;
}

/** The module that renders a page, relative to app.js (which imports it); each exports render(root, ctx) and may return a cleanup function. */
export function moduleFor(page) {
  return `./pages/${page}.js`;
}

/**
 * Whether a click on a link should be handled in the page (a plain left click on a same-origin
 * link that asks for it) rather than by the browser (new tab, download, other site).
 */
export function isInternalClick(event, anchor, origin) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return false;
  const url = new URL(anchor.href, origin);
  return url.origin === origin;
}
