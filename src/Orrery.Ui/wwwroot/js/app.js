// The shell: navigation, the time picker and the router. Pages are modules loaded on demand;
// every piece of view state is in the URL, so history and reload restore a view exactly.
import { h, replace } from './core/dom.js';
import { ROUTES, matchRoute, moduleFor, isInternalClick } from './core/router.js';
import { parseState, urlFor, linkTo, resolveRange } from './core/url-state.js';
import { renderTimePicker } from './core/time-picker.js';

const pageRoot = document.getElementById('page');
let cleanup = null;
let renderToken = 0;

function currentState() {
  return parseState(window.location.search);
}

/** Navigate to a URL (path plus query): a new history entry and a page render. */
export function navigate(url, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

/**
 * Changes view state without rendering the page again (the page updates itself): the selected
 * span, a search box. `push` makes a history entry for changes worth going back to.
 */
export function setState(patch, { push = false } = {}) {
  const url = urlFor(window.location.pathname, currentState(), patch);
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function renderNav(pathname, state) {
  const nav = document.getElementById('nav');
  replace(nav, ROUTES.filter((r) => r.nav).map((r) => h('a', {
    href: linkTo(r.nav, state), 'data-nav': true, text: r.title, class: matchRoute(pathname)?.route === r ? 'active' : null,
  })));
  renderTimePicker(document.getElementById('timepicker'), state, (patch) => navigate(urlFor(window.location.pathname, state, patch), { replace: false }));
}

async function render() {
  const token = ++renderToken;
  const { pathname } = window.location;
  const state = currentState();
  renderNav(pathname, state);
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  const match = matchRoute(pathname);
  if (!match) {
    replace(pageRoot, h('h1', { text: 'Not found' }), h('p', { text: `No page at ${pathname}.` }));
    return;
  }
  document.title = `${match.route.title} · Orrery`;
  const ctx = {
    state,
    params: match.params,
    range: resolveRange(state, Date.now()),
    navigate,
    setState,
    link: (path, own) => linkTo(path, state, own),
  };
  try {
    const module = await import(moduleFor(match.route.page));
    if (token !== renderToken) return;
    replace(pageRoot);
    pageRoot.dataset.page = match.route.page;
    cleanup = (await module.render(pageRoot, ctx)) ?? null;
  } catch (e) {
    if (token !== renderToken) return;
    replace(pageRoot, h('p', { class: 'error', text: `Could not show this page: ${e.message}` }));
    console.error(e);
  }
}

document.addEventListener('click', (event) => {
  const anchor = event.target.closest?.('a[data-nav]');
  if (!anchor || !isInternalClick(event, anchor, window.location.origin)) return;
  event.preventDefault();
  const url = new URL(anchor.href);
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', render);
render();
