import test from 'node:test';
import assert from 'node:assert/strict';
import { layerNodes } from '../../../src/Orrery.Ui/wwwroot/js/pages/map-model.js';

test('callers sit left of what they call, by the longest chain', () => {
  const out = layerNodes([{ id: 'frontend' }, { id: 'payments' }, { id: 'db' }, { id: 'cache' }],
    [{ source: 'frontend', target: 'payments' }, { source: 'payments', target: 'db' }, { source: 'frontend', target: 'db' }, { source: 'frontend', target: 'cache' }]);
  assert.equal(out.get('frontend').layer, 0);
  assert.equal(out.get('payments').layer, 1);
  assert.equal(out.get('db').layer, 2);
  assert.deepEqual([out.get('cache').layer, out.get('cache').row, out.get('payments').row], [1, 0, 1]);
});

test('a cycle ends; nodes only named by edges are placed', () => {
  const out = layerNodes([], [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }, { source: 'a', target: 'a' }]);
  assert.equal(out.size, 2);
  assert.ok(out.get('a').layer < 2 && out.get('b').layer < 2);
});
