import test from 'node:test';
import assert from 'node:assert/strict';
import {
  queriesFromState, queriesToPatch, seriesName, toSeries, stack, yDomain, niceCeil, valuesAt, toExemplars, timeTicks,
} from '../../../src/Orrery.Ui/wwwroot/js/pages/explore-model.js';
import { completionContext, applyCompletion, filterSuggestions, scopeSelector } from '../../../src/Orrery.Ui/wwwroot/js/pages/query-complete.js';

test('queries live in q, q1, q2, q3; a patch clears the ones removed', () => {
  assert.deepEqual(queriesFromState({ q: 'up', q2: 'rate(x[5m])', from: 'now-1h' }), ['up', 'rate(x[5m])']);
  assert.deepEqual(queriesFromState({}), ['']);
  assert.deepEqual(queriesToPatch(['a', ' ']), { q: 'a', q1: null, q2: null, q3: null });
});

test('series names print like Prometheus, labels sorted, name outside the braces', () => {
  assert.equal(seriesName({ __name__: 'up', job: 'x', instance: 'a' }), 'up{instance="a", job="x"}');
  assert.equal(seriesName({}), '{}');
  assert.equal(seriesName({ service: 'api' }), '{service="api"}');
});

test('matrix values become numbers in ms; NaN is a gap', () => {
  const [s] = toSeries([[{ metric: { a: '1' }, values: [[10, '1.5'], [11, 'NaN'], [12, '+Inf']] }]]);
  assert.deepEqual(s.points, [[10000, 1.5], [11000, null], [12000, null]]);
  assert.equal(s.queryIndex, 0);
});

test('stacking adds each series on top of the ones before it, gaps count as zero', () => {
  const out = stack([
    { name: 'a', points: [[1, 1], [2, 2]] },
    { name: 'b', points: [[1, 3], [2, null]] },
    { name: 'c', points: [[1, 1], [2, 1]] },
  ]);
  assert.deepEqual(out[1].points, [[1, 4, 1], [2, null, 2]]);
  assert.deepEqual(out[2].points, [[1, 5, 4], [2, 3, 2]]);
});

test('the y scale starts at zero and ends on a round number, exemplars included', () => {
  assert.equal(niceCeil(0.7), 1);
  assert.equal(niceCeil(3.2), 5);
  assert.equal(niceCeil(120), 200);
  assert.equal(niceCeil(2.5), 2.5);
  assert.deepEqual(yDomain([{ points: [[1, 3], [2, null]] }]), { lo: 0, hi: 5 });
  assert.deepEqual(yDomain([{ points: [[1, 3]] }], [7.5]), { lo: 0, hi: 10 });
  assert.deepEqual(yDomain([]), { lo: 0, hi: 1 });
});

test('hover: the nearest timestamp and every series value there, largest first', () => {
  const v = valuesAt([{ name: 'a', points: [[1000, 1], [2000, 5]] }, { name: 'b', points: [[1000, 2], [2000, 9]] }], 1800);
  assert.equal(v.ms, 2000);
  assert.deepEqual(v.rows.map((r) => [r.name, r.value]), [['b', 9], ['a', 5]]);
  assert.equal(valuesAt([], 5), null);
});

test('exemplars: trace id from trace_id or traceID, lowercase hex only', () => {
  const out = toExemplars([{ seriesLabels: { le: '1' }, exemplars: [
    { labels: { trace_id: 'ABCDEF0123456789abcdef0123456789' }, value: '0.9', timestamp: 1700000000.5 },
    { labels: { traceID: '<script>' }, value: '1', timestamp: 1 },
    { labels: {}, value: 'NaN', timestamp: 1 },
  ] }], 2);
  assert.equal(out.length, 2);
  assert.equal(out[0].traceId, 'abcdef0123456789abcdef0123456789');
  assert.equal(out[0].ms, 1700000000500);
  assert.equal(out[0].queryIndex, 2);
  assert.equal(out[1].traceId, null);
});

test('time ticks are round instants inside the range', () => {
  const ticks = timeTicks(0, 3_600_000, 6);
  assert.ok(ticks.length >= 2 && ticks.length <= 7);
  assert.ok(ticks.every((t) => t % 600_000 === 0 || t % 900_000 === 0));
});

for (const [text, kind, prefix, extra] of [
  ['rate(http_req', 'metric', 'http_req', {}],
  ['up{', 'label', '', { metric: 'up', matchers: '' }],
  ['up{job="a", ins', 'label', 'ins', { metric: 'up', matchers: 'job="a"' }],
  ['up{job="a", instance=~"lo', 'value', 'lo', { label: 'instance', metric: 'up', matchers: 'job="a"' }],
  ['{service_name="x"} |= "err', 'none', '', {}],
  ['sum by (serv', 'label', 'serv', {}],
  ['rate(x[5', 'none', '', {}],
  ['{app="a{b"', 'none', '', {}],
]) {
  test(`completion context of ${text}`, () => {
    const c = completionContext(text);
    assert.equal(c.kind, kind);
    assert.equal(c.prefix, prefix);
    for (const [k, v] of Object.entries(extra)) assert.equal(c[k], v);
  });
}

test('a chosen value is escaped and its quote closed; a scope selector keeps earlier matchers', () => {
  const text = 'up{job="a", instance="lo';
  const c = completionContext(text);
  assert.equal(scopeSelector(c), 'up{job="a"}');
  const out = applyCompletion(text, text.length, c, 'lo"cal');
  assert.equal(out.text, 'up{job="a", instance="lo\\"cal"');
  assert.equal(out.cursor, out.text.length);
  const m = completionContext('rate(http');
  assert.deepEqual(applyCompletion('rate(http', 9, m, 'http_requests_total'), { text: 'rate(http_requests_total', cursor: 24 });
  assert.equal(scopeSelector(completionContext('sum(')), null);
});

test('suggestions: prefix matches first, then substring matches', () => {
  assert.deepEqual(filterSuggestions(['b_up', 'up', 'upper', 'x'], 'up'), ['upper', 'b_up']);
  assert.deepEqual(filterSuggestions(['a', 'b'], ''), ['a', 'b']);
});
