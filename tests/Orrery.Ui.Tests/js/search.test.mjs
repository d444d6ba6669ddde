import test from 'node:test';
import assert from 'node:assert/strict';
import { formToTraceQL, traceqlContext, tagNames, tagValues, searchRows, durationLiteral } from '../../../src/Orrery.Ui/wwwroot/js/pages/search-model.js';

test('the form writes one TraceQL spanset, quoting user text', () => {
  assert.equal(formToTraceQL({}), '{ }');
  assert.equal(
    formToTraceQL({ service: 'pay"ments', operation: 'SELECT carts', attributes: 'db.system=postgresql\nresource.env = prod\nbad', minDuration: '100ms', maxDuration: 'x', status: 'error' }),
    '{ resource.service.name = "pay\\"ments" && name = "SELECT carts" && span.db.system = "postgresql" && resource.env = "prod" && duration >= 100ms && status = error }');
  assert.equal(durationLiteral('1.5s'), '1.5s');
  assert.equal(durationLiteral('5 } || {'), null);
});

test('autocomplete: a tag after { or &&, a value inside quotes, scoped by the completed conditions', () => {
  assert.deepEqual(traceqlContext('{ resource.serv'), { kind: 'tag', prefix: 'resource.serv', from: 2, scope: null });
  const v = traceqlContext('{ resource.service.name = "payments" && span.db.system = "po');
  assert.equal(v.kind, 'value');
  assert.equal(v.tag, 'span.db.system');
  assert.equal(v.prefix, 'po');
  assert.equal(v.scope, '{ resource.service.name = "payments" }');
  assert.equal(traceqlContext('{ a = 1 } | count').kind, 'none');
  assert.equal(traceqlContext('{ name = "x" && ').kind, 'tag');
});

test('tags by scope, intrinsics bare; values as text', () => {
  assert.deepEqual(tagNames({ scopes: [{ name: 'resource', tags: ['service.name'] }, { name: 'span', tags: ['db.system'] }, { name: 'intrinsic', tags: ['duration', 'name'] }] }),
    ['resource.service.name', 'span.db.system', 'duration', 'name']);
  assert.deepEqual(tagValues({ tagValues: [{ type: 'string', value: 'a' }, { type: 'int', value: 3 }] }), ['a', '3']);
});

test('search rows: start in ms, hex ids only, oldest first', () => {
  const rows = searchRows({ traces: [
    { traceID: 'bb', rootServiceName: 'api', rootTraceName: 'GET', startTimeUnixNano: '2000000000', durationMs: 5 },
    { traceID: 'aa', startTimeUnixNano: '1000000000', durationMs: 900, spanSet: { matched: 2 } },
    { traceID: '<x>', startTimeUnixNano: '0' },
  ] });
  assert.deepEqual(rows.map((r) => [r.traceId, r.startMs, r.durationMs]), [['aa', 1000, 900], ['bb', 2000, 5]]);
  assert.equal(rows[1].root, 'api: GET');
});
