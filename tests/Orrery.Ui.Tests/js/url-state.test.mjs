import test from 'node:test';
import assert from 'node:assert/strict';
import {
  parseState, serializeState, urlFor, parseTimePoint, resolveRange, stepSeconds, describeRange, carried, linkTo,
} from '../../../src/Orrery.Ui/wwwroot/js/core/url-state.js';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

test('state round-trips through the query string', () => {
  const state = { from: 'now-6h', to: 'now', q: '{ span.http.status_code = 500 }', span: 'abc' };
  assert.deepEqual(parseState(serializeState(state)), state);
});

test('serialize sorts keys, so equal states give equal URLs', () => {
  assert.equal(serializeState({ b: '2', a: '1' }), '?a=1&b=2');
  assert.equal(serializeState({ a: '1', b: '2' }), '?a=1&b=2');
});

test('a patch to null, undefined or empty removes the key; other keys stay', () => {
  const state = { from: 'now-1h', span: 'abc', view: 'flame' };
  assert.equal(serializeState(state, { span: null, view: '' }), '?from=now-1h');
  assert.equal(serializeState(state, { view: undefined }), '?from=now-1h&span=abc');
  assert.equal(serializeState({}, {}), '');
});

test('values with reserved characters survive', () => {
  const q = '{service_name=~".+"} | trace_id="a&b=c#d"';
  assert.equal(parseState(serializeState({ q })).q, q);
  assert.equal(parseState(`?${new URLSearchParams({ q })}`).q, q);
});

test('urlFor joins path and state', () => {
  assert.equal(urlFor('/trace/abc', { view: 'stats' }, { span: '01' }), '/trace/abc?span=01&view=stats');
  assert.equal(urlFor('/', {}), '/');
});

for (const [text, expected] of [
  ['now', NOW],
  ['now-15m', NOW - 15 * 60_000],
  ['now-1h', NOW - 3_600_000],
  ['now-2d', NOW - 2 * 86_400_000],
  ['now-30s', NOW - 30_000],
  ['now-1w', NOW - 7 * 86_400_000],
  ['1700000000000', 1700000000000],
  ['2026-11-22T10:00:00Z', Date.UTC(2026, 10, 22, 10, 0, 0)],
]) {
  test(`time point ${text}`, () => assert.equal(parseTimePoint(text, NOW), expected));
}

for (const bad of ['', 'yesterday', 'now-1y', 'now+1h', '12', '2026-13-45', undefined]) {
  test(`time point '${bad}' is not understood`, () => assert.ok(Number.isNaN(parseTimePoint(bad, NOW))));
}

test('the range defaults to the last hour', () => {
  assert.deepEqual(resolveRange({}, NOW), { fromMs: NOW - 3_600_000, toMs: NOW, valid: true });
});

test('an inverted or unreadable range falls back to the default and says so', () => {
  assert.deepEqual(resolveRange({ from: 'now', to: 'now-1h' }, NOW), { fromMs: NOW - 3_600_000, toMs: NOW, valid: false });
  assert.equal(resolveRange({ from: 'garbage' }, NOW).valid, false);
});

test('absolute ranges resolve exactly', () => {
  const r = resolveRange({ from: '1700000000000', to: '1700003600000' }, NOW);
  assert.deepEqual(r, { fromMs: 1700000000000, toMs: 1700003600000, valid: true });
});

test('step gives about the asked number of points, at least one second', () => {
  assert.equal(stepSeconds({ fromMs: 0, toMs: 3_600_000 }, 120), 30);
  assert.equal(stepSeconds({ fromMs: 0, toMs: 10_000 }, 120), 1);
});

test('presets are described in words', () => {
  assert.equal(describeRange({}), 'Last hour');
  assert.equal(describeRange({ from: 'now-15m', to: 'now' }), 'Last 15 minutes');
  assert.equal(describeRange({ from: 'now-1d', to: 'now' }), 'Last day');
  assert.equal(describeRange({ from: '1', to: '2' }), '1 → 2');
});

test('links to other pages carry the time range and tenant, not page state', () => {
  const state = { from: 'now-6h', to: 'now', org: 'team-a', span: 'abc', view: 'flame' };
  assert.deepEqual(carried(state), { from: 'now-6h', to: 'now', org: 'team-a' });
  assert.equal(linkTo('/logs', state, { q: '{service_name="api"}' }), '/logs?from=now-6h&org=team-a&q=%7Bservice_name%3D%22api%22%7D&to=now');
});
