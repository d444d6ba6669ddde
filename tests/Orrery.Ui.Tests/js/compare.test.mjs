import test from 'node:test';
import assert from 'node:assert/strict';
import {
  formatSelection, parseSelection, inSelection, durationMsLiteral, compareQuery, selectionTraceQL, isSingleSpanset, rankComparison,
} from '../../../src/Orrery.Ui/wwwroot/js/pages/compare-model.js';

test('the dragged box round-trips through the URL; boxes without area or with junk are refused', () => {
  const sel = { fromMs: 1700000000000.4, toMs: 1700000060000.2, minMs: 499.99951, maxMs: 1000 };
  const text = formatSelection(sel);
  assert.equal(text, '1700000000000,1700000060001,500,1000');
  assert.deepEqual(parseSelection(text), { fromMs: 1700000000000, toMs: 1700000060001, minMs: 500, maxMs: 1000 });
  assert.equal(formatSelection({ fromMs: 5, toMs: 5, minMs: 1, maxMs: 2 }), null);
  for (const bad of [undefined, '', '1,2,3', '1,2,3,x', '2,1,0,5', '1,2,5,5', '1,2,-1,5']) assert.equal(parseSelection(bad), null, bad);
});

test('points inside the box, edges included', () => {
  const sel = { fromMs: 100, toMs: 200, minMs: 10, maxMs: 20 };
  assert.equal(inSelection(sel, { startMs: 100, durationMs: 20 }), true);
  assert.equal(inSelection(sel, { startMs: 150, durationMs: 9.9 }), false);
  assert.equal(inSelection(sel, { startMs: 201, durationMs: 15 }), false);
});

test('compare() asks for the traces of the box: their duration, a span window to the box end plus its longest trace', () => {
  assert.equal(durationMsLiteral(900), '900ms');
  assert.equal(durationMsLiteral(512.5), '512500us');
  assert.equal(durationMsLiteral(0.0004), '0ms');
  assert.equal(durationMsLiteral(0.0004, true), '1us');
  const sel = { fromMs: 1700000000000, toMs: 1700000060000, minMs: 500, maxMs: 1200.5 };
  assert.equal(compareQuery('{ resource.service.name = "payments" }', sel),
    '{ resource.service.name = "payments" } | compare({ traceDuration >= 500ms && traceDuration <= 1200500us }, 10, 1699999999999999999, 1700000061201000000)');
  assert.equal(compareQuery('  ', sel, 5).startsWith('{ } | compare('), true);
});

test('the selection as a search joins a single spanset filter with &&, else stands alone', () => {
  const sel = { fromMs: 1, toMs: 2, minMs: 500, maxMs: 1000 };
  assert.equal(selectionTraceQL('{ name = "a}" }', sel), '{ name = "a}" } && { traceDuration >= 500ms && traceDuration <= 1000ms }');
  assert.equal(selectionTraceQL('{ }', sel), '{ traceDuration >= 500ms && traceDuration <= 1000ms }');
  assert.equal(selectionTraceQL('{ a = 1 } | count() > 2', sel), '{ traceDuration >= 500ms && traceDuration <= 1000ms }');
  assert.equal(isSingleSpanset('{ a = 1 } && { b = 2 }'), false);
  assert.equal(isSingleSpanset('{ a = "\\"}" }'), true);
});

const label = (key, value) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });
const series = (type, key, value, count) => ({ labels: [label('__meta_type', type), label(key, value)], value: count });

test('attributes rank by their largest share difference; shares are of each side\'s spans; values most different first', () => {
  const body = {
    series: [
      // 4 selected spans, 100 baseline spans (every span has a name).
      series('selection_total', 'name', 'nil', 4), series('baseline_total', 'name', 'nil', 100),
      series('selection', 'name', 'SELECT carts', 2), series('selection', 'name', 'POST /charge', 2),
      series('baseline', 'name', 'SELECT carts', 50), series('baseline', 'name', 'POST /charge', 50),
      series('selection_total', 'status', 'nil', 4), series('baseline_total', 'status', 'nil', 100),
      series('selection', 'status', 'error', 3), series('selection', 'status', 'unset', 1),
      series('baseline', 'status', 'unset', 99), series('baseline', 'status', 'error', 1),
      // Only on selected spans: absent on the baseline is a difference too.
      series('selection_total', 'span.note', 'nil', 1), series('selection', 'span.note', '<b>x</b>', 1),
      series('selection_total', 'span.retries', 'nil', 4), series('selection', 'span.retries', 3, 4),
      series('baseline_total', 'span.retries', 'nil', 100), series('baseline', 'span.retries', 3, 100),
    ],
  };
  const ranked = rankComparison(body);
  assert.equal(ranked.selectionSpans, 4);
  assert.equal(ranked.baselineSpans, 100);
  assert.deepEqual(ranked.attributes.map((a) => a.attribute), ['status', 'span.note', 'name', 'span.retries']);
  const status = ranked.attributes[0];
  assert.equal(status.score, 0.74);
  assert.deepEqual(status.values.map((v) => [v.value, v.selectionShare, v.baselineShare]), [['error', 0.75, 0.01], ['unset', 0.25, 0.99]]);
  assert.deepEqual(ranked.attributes[1].values[0], { value: '<b>x</b>', selection: 1, baseline: 0, selectionShare: 0.25, baselineShare: 0, difference: 0.25 });
  assert.equal(ranked.attributes[3].values[0].value, '3');
  assert.equal(ranked.attributes[3].score, 0);
});

test('a range answer adds its samples; an empty answer is an empty ranking', () => {
  const body = {
    series: [
      { labels: [label('__meta_type', 'selection_total'), label('name', 'nil')], samples: [{ timestampMs: '1', value: 1 }, { timestampMs: '2', value: 2 }] },
      { labels: [label('__meta_type', 'selection'), label('name', 'a')], samples: [{ timestampMs: '1', value: 1 }, { timestampMs: '2', value: 2 }] },
    ],
  };
  const ranked = rankComparison(body);
  assert.equal(ranked.selectionSpans, 3);
  assert.equal(ranked.attributes[0].values[0].selection, 3);
  assert.equal(ranked.attributes[0].values[0].selectionShare, 1);
  assert.deepEqual(rankComparison({}), { selectionSpans: 0, baselineSpans: 0, attributes: [] });
});
