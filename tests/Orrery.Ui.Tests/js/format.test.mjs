import test from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatPercent, formatRate, serviceColor } from '../../../src/Orrery.Ui/wwwroot/js/core/format.js';

for (const [nanos, text] of [
  [0, '0ns'], [850, '850ns'], [12_345, '12.3µs'], [4_560_000, '4.56ms'], [123_000_000, '123ms'],
  [1_230_000_000, '1.23s'], [123_000_000_000, '2m 3s'], [7_260_000_000_000, '2h 1m'], [-2_000_000, '-2.00ms'],
]) {
  test(`duration ${nanos}ns reads ${text}`, () => assert.equal(formatDuration(nanos), text));
}

test('percentages and rates', () => {
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(0.0004), '<0.1%');
  assert.equal(formatPercent(0.025), '2.5%');
  assert.equal(formatPercent(0.5), '50%');
  assert.equal(formatRate(0), '0/s');
  assert.equal(formatRate(12.5), '12.5/s');
  assert.equal(formatRate(0.005), '0.30/min');
  assert.equal(formatRate(NaN), '—');
});

test('a service keeps its colour', () => {
  assert.equal(serviceColor('checkout'), serviceColor('checkout'));
  assert.notEqual(serviceColor('checkout'), serviceColor('payments'));
});
