// Usage: node compare-trace-models.mjs tempo.json compact.json analysis.json
// Builds the trace model both ways (Tempo JSON → buildTrace, /api/ui/traces/{id} → buildCompactTrace)
// and fails with the first difference. Run by CompactTraceJsonTests.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { buildTrace, criticalBySpan, searchSpans } from '../../../../src/Orrery.Ui/wwwroot/js/trace/model.js';
import { buildCompactTrace } from '../../../../src/Orrery.Ui/wwwroot/js/trace/compact-model.js';

const [tempoPath, compactPath, analysisPath] = process.argv.slice(2);
const tempo = buildTrace(JSON.parse(readFileSync(tempoPath, 'utf8')));
const compact = buildCompactTrace(JSON.parse(readFileSync(compactPath, 'utf8')));
const analysis = JSON.parse(readFileSync(analysisPath, 'utf8'));

const ids = (model, list) => list.map((i) => model.spans[i].id);
assert.equal(compact.spans.length, tempo.spans.length, 'span count');
for (const key of ['durationNs', 'traceId', 'errorCount']) assert.equal(compact[key], tempo[key], key);
assert.deepEqual(compact.origin, tempo.origin, 'origin');
assert.deepEqual(compact.services, tempo.services, 'services');
assert.deepEqual(ids(compact, compact.order), ids(tempo, tempo.order), 'depth-first order');
assert.deepEqual(ids(compact, compact.roots), ids(tempo, tempo.roots), 'roots');
for (const t of tempo.spans) {
  const c = compact.spans[compact.byId.get(t.id)];
  assert.ok(c, `span ${t.id} missing`);
  const where = `span ${t.id} (${t.name})`;
  for (const key of ['id', 'parentId', 'traceId', 'name', 'service', 'kind', 'startNs', 'endNs', 'durationNs', 'status', 'statusMessage', 'error', 'depth']) {
    assert.equal(c[key], t[key], `${where}: ${key}`);
  }
  assert.equal(c.parent < 0 ? '' : compact.spans[c.parent].id, t.parent < 0 ? '' : tempo.spans[t.parent].id, `${where}: parent`);
  assert.deepEqual(ids(compact, c.children), ids(tempo, t.children), `${where}: children`);
  for (const key of ['attributes', 'resource', 'scope', 'events', 'links']) assert.deepEqual(c[key], t[key], `${where}: ${key}`);
}
// The critical path and statistics: the same as the analysis endpoint's.
const expected = criticalBySpan(analysis);
assert.deepEqual([...compact.critical.keys()].sort(), [...expected.keys()].sort(), 'spans on the critical path');
for (const [id, segments] of expected) assert.deepEqual(compact.critical.get(id), segments, `critical segments of ${id}`);
for (const key of ['criticalPathNanos', 'durationNanos', 'rootSpanId', 'operations', 'services']) assert.deepEqual(compact.analysis[key], analysis[key], `analysis ${key}`);
// Search reads the lazily built attributes: the same matches.
for (const text of ['select', 'eu-west', '1.5', 'nothing-matches']) {
  assert.deepEqual(ids(compact, [...searchSpans(compact, text)]).sort(), ids(tempo, [...searchSpans(tempo, text)]).sort(), `search ${text}`);
}
console.log(`agree: ${tempo.spans.length} spans`);
