import test from 'node:test';
import assert from 'node:assert/strict';
import {
  idToHex, buildTrace, visibleRows, searchSpans, ancestors, rowWindow, criticalBySpan, anyValueText,
} from '../../../src/Orrery.Ui/wwwroot/js/trace/model.js';

const b64 = (hex) => Buffer.from(hex, 'hex').toString('base64');
const T0 = 1_700_000_000_000_000_000n;

function span(id, parent, name, startMs, endMs, extra = {}) {
  return {
    traceId: b64('0af7651916cd43dd8448eb211c80319c'),
    spanId: b64(id), parentSpanId: parent ? b64(parent) : undefined, name,
    startTimeUnixNano: String(T0 + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(T0 + BigInt(endMs) * 1_000_000n),
    kind: 'SPAN_KIND_SERVER', status: {}, ...extra,
  };
}

function trace(spansByService) {
  return {
    batches: Object.entries(spansByService).map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: 'test' }, spans }],
    })),
  };
}

const sample = () => buildTrace(trace({
  api: [span('0000000000000001', null, 'GET /', 0, 100), span('0000000000000003', '0000000000000001', 'render', 60, 90)],
  db: [span('0000000000000002', '0000000000000001', 'SELECT', 10, 50, {
    status: { code: 'STATUS_CODE_ERROR', message: 'timeout' },
    attributes: [{ key: 'db.statement', value: { stringValue: 'select * from carts' } }],
  }), span('0000000000000004', '0000000000000002', 'connect', 10, 20)],
}));

test('ids: base64 and hex both become hex', () => {
  assert.equal(idToHex(b64('00f067aa0ba902b7')), '00f067aa0ba902b7');
  assert.equal(idToHex('00F067AA0BA902B7'), '00f067aa0ba902b7');
  assert.equal(idToHex(undefined), '');
});

test('any values read as text', () => {
  assert.equal(anyValueText({ intValue: '42' }), '42');
  assert.equal(anyValueText({ boolValue: false }), 'false');
  assert.equal(anyValueText({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } }), '[a, 1]');
  assert.equal(anyValueText({ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } }), '{k: v}');
});

test('the tree: parents, depth-first order by start, offsets from the trace start', () => {
  const m = sample();
  assert.deepEqual(m.order.map((i) => m.spans[i].name), ['GET /', 'SELECT', 'connect', 'render']);
  assert.deepEqual(m.order.map((i) => m.spans[i].depth), [0, 1, 2, 1]);
  const select = m.spans[m.byId.get('0000000000000002')];
  assert.equal(select.startNs, 10_000_000);
  assert.equal(select.durationNs, 40_000_000);
  assert.equal(select.service, 'db');
  assert.equal(select.error, true);
  assert.equal(select.statusMessage, 'timeout');
  assert.equal(m.durationNs, 100_000_000);
  assert.equal(m.errorCount, 1);
  assert.deepEqual(m.services, ['api', 'db']);
  assert.equal(m.traceId, '0af7651916cd43dd8448eb211c80319c');
});

test('collapsing a span hides its subtree only', () => {
  const m = sample();
  const select = m.byId.get('0000000000000002');
  assert.deepEqual(visibleRows(m, new Set([select])).map((i) => m.spans[i].name), ['GET /', 'SELECT', 'render']);
  const root = m.byId.get('0000000000000001');
  assert.deepEqual(visibleRows(m, new Set([root])).map((i) => m.spans[i].name), ['GET /']);
  assert.equal(visibleRows(m, new Set()), m.order);
});

test('search matches names, services and attribute values, case-insensitively', () => {
  const m = sample();
  const names = (set) => [...set].map((i) => m.spans[i].name).sort();
  assert.deepEqual(names(searchSpans(m, 'CARTS')), ['SELECT']);
  assert.deepEqual(names(searchSpans(m, 'db')), ['SELECT', 'connect']);
  assert.deepEqual(names(searchSpans(m, '  ')), []);
});

test('ancestors are nearest first', () => {
  const m = sample();
  assert.deepEqual(ancestors(m, m.byId.get('0000000000000004')).map((i) => m.spans[i].name), ['SELECT', 'GET /']);
});

test('orphans are roots and a parent cycle cannot loop', () => {
  const m = buildTrace(trace({
    a: [span('0000000000000001', '00000000000000ff', 'orphan', 0, 10),
      span('0000000000000002', '0000000000000003', 'x', 0, 10), span('0000000000000003', '0000000000000002', 'y', 0, 10)],
  }));
  assert.equal(m.order.length, 3);
  assert.equal(new Set(m.order).size, 3);
});

test('a 10,000-deep chain builds without overflowing the stack', () => {
  const spans = [];
  for (let i = 0; i < 10_000; i++) {
    spans.push(span((i + 1).toString(16).padStart(16, '0'), i === 0 ? null : i.toString(16).padStart(16, '0'), `s${i}`, i, 20_000 - i));
  }
  const m = buildTrace(trace({ deep: spans }));
  assert.equal(m.order.length, 10_000);
  assert.equal(m.spans[m.order[9_999]].depth, 9_999);
});

test('the row window covers the viewport plus overscan, clamped to the rows', () => {
  assert.deepEqual(rowWindow(0, 240, 24, 10_000, 5), { first: 0, last: 15 });
  assert.deepEqual(rowWindow(24_000, 240, 24, 10_000, 5), { first: 995, last: 1015 });
  assert.deepEqual(rowWindow(239_760, 240, 24, 10_000, 5), { first: 9985, last: 10_000 });
});

test('critical-path segments are grouped by span', () => {
  const map = criticalBySpan({ criticalPath: [{ spanId: 'a', startNanos: 0, endNanos: 1 }, { spanId: 'b', startNanos: 1, endNanos: 2 }, { spanId: 'a', startNanos: 2, endNanos: 3 }] });
  assert.equal(map.get('a').length, 2);
  assert.equal(map.get('b').length, 1);
  assert.equal(criticalBySpan(null).size, 0);
});
