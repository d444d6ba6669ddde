import test from 'node:test';
import assert from 'node:assert/strict';
import { summarizeServices, sumSeries, counterIncreases } from '../../../src/Orrery.Ui/wwwroot/js/pages/overview-model.js';
import { quote, serviceTraceQL, serviceLogQL, latencyQuantile } from '../../../src/Orrery.Ui/wwwroot/js/core/queries.js';

const sample = (service, kind, status, value) => ({ metric: { service, span_kind: kind, status_code: status }, value: [0, String(value)] });
const q = (service, value) => ({ metric: { service }, value: [0, String(value)] });

test('services: entry spans when there are any, all spans otherwise; worst error ratio first', () => {
  const out = summarizeServices({
    calls: [
      sample('api', 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET', 90),
      sample('api', 'SPAN_KIND_SERVER', 'STATUS_CODE_ERROR', 10),
      sample('api', 'SPAN_KIND_CLIENT', 'STATUS_CODE_ERROR', 500), // outgoing calls: not the service's own rate
      sample('worker', 'SPAN_KIND_INTERNAL', 'STATUS_CODE_UNSET', 60),
      sample('db', 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET', 30),
    ],
    p50Entry: [q('api', 0.01), q('db', 0.002)],
    p99Entry: [q('api', 0.5), q('db', 0.9)],
    p50All: [q('worker', 0.1), q('api', 7)],
    p99All: [q('worker', 'NaN')],
    rates: [
      { metric: { service: 'api', span_kind: 'SPAN_KIND_SERVER' }, values: [[1, '1'], [2, '2']] },
      { metric: { service: 'api', span_kind: 'SPAN_KIND_CLIENT' }, values: [[1, '100'], [2, '100']] },
    ],
    rangeSeconds: 60,
    entryKinds: ['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER'],
  });
  assert.deepEqual(out.map((s) => s.name), ['api', 'db', 'worker']);
  const api = out[0];
  assert.equal(api.entry, true);
  assert.equal(api.rate, 100 / 60);
  assert.equal(api.errorRatio, 0.1);
  assert.equal(api.p50, 0.01);
  assert.deepEqual(api.series, [[1, 1], [2, 2]]);
  const worker = out[2];
  assert.equal(worker.entry, false);
  assert.equal(worker.rate, 1);
  assert.equal(worker.p50, 0.1);
  assert.ok(Number.isNaN(worker.p99));
});

test('series add up point by point', () => {
  assert.deepEqual(sumSeries([{ values: [[1, '1'], [2, '2']] }, { values: [[2, '3'], [3, 'NaN']] }]), [[1, 1], [2, 5]]);
});

test('user data in queries is quoted', () => {
  assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(serviceTraceQL('check"out'), '{ resource.service.name = "check\\"out" }');
  assert.equal(serviceLogQL('api'), '{service_name="api"}');
  assert.equal(latencyQuantile(0.99, 3600, true), 'histogram_quantile(0.99, sum by (service, le) (increase(traces_spanmetrics_latency_bucket{span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"}[3600s])))');
});

test('counter growth over the range: a series born in the range counts from zero, a drop is a reset', () => {
  const m = (status) => ({ service: 'api', span_kind: 'SPAN_KIND_SERVER', status_code: status });
  const out = counterIncreases([
    // There at the start (t=100): only the growth after it counts.
    { metric: m('STATUS_CODE_UNSET'), values: [[100, '40'], [160, '45'], [220, '50']] },
    // Born at t=160 with one error: that error counts (increase() would say 0).
    { metric: m('STATUS_CODE_ERROR'), values: [[160, '1'], [220, '1']] },
    // A restart: 10 → 3 means 3 new calls after the reset.
    { metric: { service: 'db', span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_UNSET' }, values: [[100, '8'], [160, '10'], [220, '3']] },
    { metric: { service: 'empty' }, values: [[100, 'NaN']] },
  ], 100);
  assert.deepEqual(out.map((s) => [s.metric.service, s.metric.status_code, Number(s.value[1])]), [
    ['api', 'STATUS_CODE_UNSET', 10], ['api', 'STATUS_CODE_ERROR', 1], ['db', 'STATUS_CODE_UNSET', 5]]);
  const [api] = summarizeServices({ calls: out, rangeSeconds: 120, entryKinds: ['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER'] }).filter((s) => s.name === 'api');
  assert.equal(api.errorRatio, 1 / 11);
});

test('errors of a service\'s outgoing calls are counted apart from its error ratio; without entry spans all spans count', () => {
  const out = summarizeServices({
    calls: [
      sample('payments', 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET', 8),
      sample('payments', 'SPAN_KIND_CLIENT', 'STATUS_CODE_UNSET', 7),
      sample('payments', 'SPAN_KIND_CLIENT', 'STATUS_CODE_ERROR', 1),
      sample('cron', 'SPAN_KIND_INTERNAL', 'STATUS_CODE_UNSET', 3),
      sample('cron', 'SPAN_KIND_CLIENT', 'STATUS_CODE_ERROR', 1),
      sample('queue', 'SPAN_KIND_CONSUMER', 'STATUS_CODE_ERROR', 1),
      sample('queue', 'SPAN_KIND_CONSUMER', 'STATUS_CODE_OK', 1),
    ],
    rangeSeconds: 60,
    entryKinds: ['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER'],
  });
  const by = Object.fromEntries(out.map((s) => [s.name, s]));
  assert.equal(by.payments.errorRatio, 0);
  assert.equal(by.payments.outgoingErrors, 1);
  assert.equal(by.payments.outgoingCalls, 8);
  assert.equal(by.queue.errorRatio, 0.5);
  assert.equal(by.cron.entry, false);
  assert.equal(by.cron.errorRatio, 0.25);
  // Already in the ratio: not shown a second time.
  assert.equal(by.cron.outgoingErrors, 0);
  assert.deepEqual(out.map((s) => s.name), ['queue', 'cron', 'payments']);
});
