import test from 'node:test';
import assert from 'node:assert/strict';
import { criticalPathRows, exampleTracesQuery, limitFrom, DEFAULT_LIMIT } from '../../../src/Orrery.Ui/wwwroot/js/pages/critical-path-model.js';

test('operations rank by their share of the critical path; bars are relative to the top one', () => {
  const view = criticalPathRows({
    traceCount: 4,
    criticalPathNanos: 1000,
    operations: [
      { service: 'frontend', name: 'GET /checkout', criticalNanos: 200, share: 0.2, traces: 4 },
      { service: 'payments', name: 'SELECT carts', criticalNanos: 600, share: 0.6, traces: 2 },
      { service: 'payments', name: 'POST /charge', criticalNanos: 200, share: 0.2, traces: 4 },
      { service: 'idle', name: 'never waited on', criticalNanos: 0, share: 0, traces: 0 },
    ],
  });
  assert.equal(view.traceCount, 4);
  assert.equal(view.totalNanos, 1000);
  assert.deepEqual(view.rows.map((r) => [r.rank, r.service, r.name]), [
    [1, 'payments', 'SELECT carts'], [2, 'frontend', 'GET /checkout'], [3, 'payments', 'POST /charge']]);
  const top = view.rows[0];
  assert.equal(top.barWidth, 1);
  assert.equal(top.traceShare, 0.5);
  assert.equal(top.perTraceNanos, 300);
  assert.equal(view.rows[1].barWidth, 0.2 / 0.6);
  assert.deepEqual(criticalPathRows(null), { traceCount: 0, totalNanos: 0, rows: [] });
});

test('example traces: the filter and the operation, quoted; a filter that is not one spanset is left out', () => {
  assert.equal(exampleTracesQuery('{ }', 'pay"ments', 'SELECT carts'), '{ resource.service.name = "pay\\"ments" && name = "SELECT carts" }');
  assert.equal(exampleTracesQuery('{ span.http.route = "/checkout" }', 'payments', 'SELECT carts'),
    '{ span.http.route = "/checkout" } && { resource.service.name = "payments" && name = "SELECT carts" }');
  assert.equal(exampleTracesQuery('{ a = 1 } | count() > 1', 's', 'n'), '{ resource.service.name = "s" && name = "n" }');
});

test('the limit is the endpoint\'s range or the default', () => {
  assert.equal(limitFrom('50'), 50);
  assert.equal(limitFrom(undefined), DEFAULT_LIMIT);
  assert.equal(limitFrom('0'), DEFAULT_LIMIT);
  assert.equal(limitFrom('2001'), DEFAULT_LIMIT);
  assert.equal(limitFrom('1.5'), DEFAULT_LIMIT);
});
