import test from 'node:test';
import assert from 'node:assert/strict';
import { matchRoute, moduleFor, ROUTES } from '../../../src/Orrery.Ui/wwwroot/js/core/router.js';

for (const [path, page] of [
  ['/', 'overview'], ['/search', 'search'], ['/search/', 'search'], ['/map', 'map'], ['/logs', 'logs'], ['/explore', 'explore'],
]) {
  test(`${path} is the ${page} page`, () => assert.equal(matchRoute(path).route.page, page));
}

test('a trace path carries its id', () => {
  const m = matchRoute('/trace/0af7651916cd43dd8448eb211c80319c');
  assert.equal(m.route.page, 'trace');
  assert.deepEqual(m.params, { traceId: '0af7651916cd43dd8448eb211c80319c' });
});

test('path parameters are decoded', () => {
  assert.equal(matchRoute('/trace/a%20b').params.traceId, 'a b');
});

for (const path of ['/metrics', '/trace', '/trace/', '/trace/a/b', '/nope', '/api/traces/1']) {
  test(`${path} is no page`, () => assert.equal(matchRoute(path), null));
}

test('every route has a page module under pages/', () => {
  for (const r of ROUTES) assert.equal(moduleFor(r.page), `./pages/${r.page}.js`);
});
