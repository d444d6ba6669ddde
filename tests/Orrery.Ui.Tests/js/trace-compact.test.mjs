import test from 'node:test';
import assert from 'node:assert/strict';
import { buildCompactTrace } from '../../../src/Orrery.Ui/wwwroot/js/trace/compact-model.js';
import { visibleRows, searchSpans } from '../../../src/Orrery.Ui/wwwroot/js/trace/model.js';

// root(0) ← a(2) ← b(1, starts before its parent: clock skew); root ← c(3); orphan d(4).
const ids = ['01', '02', '03', '04', '05'].map((x) => x.padStart(16, '0')).join('');
const compact = () => ({
  version: 2,
  traceId: '0af7651916cd43dd8448eb211c80319c',
  origin: [1700000000, 5],
  spanCount: 5,
  spanIds: ids,
  // Only the orphan's parent is not in the answer; the others' parent ids are their parents' ids.
  parentIds: [4, '0000000000000099'],
  parent: [-1, 2, 0, 0, -1],
  startDelta: [0, 10, 10, 10, 10],
  duration: [100, 30, 40, 10, 5],
  name: [1, 2, 3, 4, 5],
  kind: [2, 3, 1, 1, 9],
  status: [0, 2, 1, 0, 0],
  statusMessage: [0, 6, 0, 0, 0],
  scope: [0, 1, 0, 0, 0],
  attributeCount: [1, 0, 0, 0, 0],
  attributes: [7, 8],
  scopes: [[9, 10, 0], [0, 0, 1]],
  resources: [[11, 12, 11], [13, 12, 13]],
  events: [[1, 15, 14, [7, 8]]],
  links: [[3, 'ab'.repeat(16), 'cd'.repeat(8), []]],
  analysis: {
    spanCount: 5, rootSpanId: '0000000000000001', durationNanos: 100, criticalPathNanos: 100,
    criticalPath: [0, 0, 60, 2, 0, 0, 3, 0, 40], operations: [{ service: 'api', name: 'root' }], services: [],
  },
  strings: ['', 'root', 'skewed', 'a', 'c', 'orphan', 'boom', 'http.route', '/cart', 'lib', '1.0', 'api', 'service.name', 'db', 'retry'],
});

test('the columnar shape: parents, children in start order, depth, depth-first rows', () => {
  const m = buildCompactTrace(compact());
  assert.deepEqual(m.roots, [0, 4]);
  assert.deepEqual(m.spans[0].children, [2, 3]);
  // The skewed child has a lower index than its parent and is still linked.
  assert.deepEqual(m.spans[2].children, [1]);
  assert.deepEqual(m.order, [0, 2, 1, 3, 4]);
  assert.deepEqual(m.order.map((i) => m.spans[i].depth), [0, 1, 2, 1, 0]);
  assert.equal(m.spans[4].parentId, '0000000000000099');
  assert.equal(m.spans[0].parentId, '');
  // A parent in the answer gives its own id as the child's parent id, even a later one (clock skew).
  assert.equal(m.spans[1].parentId, '0000000000000003');
  assert.equal(m.spans[1].id, '0000000000000002');
  assert.deepEqual(visibleRows(m, new Set([2])), [0, 2, 3, 4]);
});

test('the columnar shape: names, services, kinds, status and times', () => {
  const m = buildCompactTrace(compact());
  const s = m.spans[1];
  assert.equal(s.name, 'skewed');
  assert.equal(s.service, 'db');
  assert.equal(s.kind, 'client');
  assert.equal(m.spans[4].kind, 'unspecified');
  assert.equal(s.status, 'error');
  assert.equal(s.statusMessage, 'boom');
  assert.equal(s.error, true);
  assert.equal(m.spans[2].status, 'ok');
  assert.deepEqual([s.startNs, s.endNs, s.durationNs], [10, 40, 30]);
  assert.equal(m.durationNs, 100);
  assert.deepEqual(m.services, ['api', 'db']);
  assert.equal(m.errorCount, 1);
  assert.deepEqual(m.origin, [1700000000, 5]);
  assert.equal(m.traceId, '0af7651916cd43dd8448eb211c80319c');
});

test('the columnar shape: attributes, resource, scope, events and links on demand', () => {
  const m = buildCompactTrace(compact());
  assert.deepEqual(m.spans[0].attributes, [{ key: 'http.route', value: '/cart' }]);
  assert.deepEqual(m.spans[1].attributes, []);
  assert.deepEqual(m.spans[1].resource, [{ key: 'service.name', value: 'db' }]);
  assert.deepEqual(m.spans[0].scope, { name: 'lib', version: '1.0' });
  assert.deepEqual(m.spans[1].events, [{ timeNs: 15, name: 'retry', attributes: [{ key: 'http.route', value: '/cart' }] }]);
  assert.deepEqual(m.spans[3].links, [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: [] }]);
  assert.deepEqual([...searchSpans(m, '/CART')], [0]);
});

test('the columnar shape: critical-path segments by span id, empty ones kept as sent', () => {
  const m = buildCompactTrace(compact());
  assert.deepEqual([...m.critical.keys()], ['0000000000000001', '0000000000000003', '0000000000000004']);
  assert.deepEqual(m.critical.get('0000000000000004'), [{ spanId: '0000000000000004', startNanos: 60, endNanos: 100 }]);
  assert.equal(m.analysis.criticalPathNanos, 100);
  assert.deepEqual(m.analysis.operations, [{ service: 'api', name: 'root' }]);
});

test('an unknown shape version is refused rather than misread', () => {
  assert.throws(() => buildCompactTrace({ ...compact(), version: 1 }), /version 1/);
});
