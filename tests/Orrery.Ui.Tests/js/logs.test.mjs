import test from 'node:test';
import assert from 'node:assert/strict';
import { normalizeLevel, volumeQuery, volumeBars, streamSelector, traceIdOf } from '../../../src/Orrery.Ui/wwwroot/js/pages/logs-model.js';

for (const [raw, level] of [['WARNING', 'warn'], ['warn', 'warn'], ['err', 'error'], ['Error', 'error'], ['', 'unknown'], [undefined, 'unknown'], ['INFORMATION', 'info'], ['critical', 'critical'], ['custom', 'custom']]) {
  test(`level ${raw} reads ${level}`, () => assert.equal(normalizeLevel(raw), level));
}

test('the volume query counts the log query by level per step', () => {
  assert.equal(volumeQuery(' {app="a"} |= "x" ', 30), 'sum by (detected_level) (count_over_time({app="a"} |= "x" [30s]))');
});

test('volume bars: one per instant, levels stacked from debug up to error, spellings merged', () => {
  const { bars, levels, max } = volumeBars([
    { metric: { detected_level: 'error' }, values: [[10, '2']] },
    { metric: { detected_level: 'info' }, values: [[10, '5'], [20, '1']] },
    { metric: { detected_level: 'ERROR' }, values: [[20, '1']] },
    { metric: {}, values: [[20, '3']] },
  ]);
  assert.deepEqual(levels, ['info', 'unknown', 'error']);
  assert.deepEqual(bars.map((b) => [b.ms, b.total]), [[10000, 7], [20000, 5]]);
  assert.deepEqual(bars[1].parts, [{ level: 'info', count: 1 }, { level: 'unknown', count: 3 }, { level: 'error', count: 1 }]);
  assert.equal(max, 7);
  assert.deepEqual(volumeBars([]), { bars: [], levels: [], max: 0 });
});

test('the stream selector of a query ends at its closing brace, not one inside a string', () => {
  assert.equal(streamSelector('{a="x}y", b="z"} |= "q"'), '{a="x}y", b="z"}');
  assert.equal(streamSelector('sum(count_over_time({a="b"}[1m]))'), null);
  assert.equal(streamSelector('{a="b"'), null);
});

test('trace ids are hex only', () => {
  assert.equal(traceIdOf({ trace_id: 'ABCDEF0123456789ABCDEF0123456789' }), 'abcdef0123456789abcdef0123456789');
  assert.equal(traceIdOf({ trace_id: '"><img>' }), null);
  assert.equal(traceIdOf({}), null);
});
