// Client-side cost of the trace page's model, in node: JSON.parse + build, for the Tempo JSON
// (what the page fetched before: /api/traces/{id} → buildTrace) and for the columnar shape
// (/api/ui/traces/{id} → buildCompactTrace). Prints the median of RUNS of process CPU and wall time.
// Usage: node bench/ui/model-build.mjs tempo.json compact.json [runs=7]
import { readFileSync } from 'node:fs';
import { buildTrace } from '../../src/Orrery.Ui/wwwroot/js/trace/model.js';
import { buildCompactTrace } from '../../src/Orrery.Ui/wwwroot/js/trace/compact-model.js';

const [tempoPath, compactPath, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function measure(name, text, build) {
  const cpu = [];
  const wall = [];
  let spans = 0;
  for (let r = 0; r <= runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const model = build(JSON.parse(text));
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    spans = model.spans.length;
    if (r === 0) continue; // the first run compiles
    wall.push(t1 - t0);
    cpu.push((c1.user + c1.system) / 1000);
  }
  console.log(`| ${name} | ${text.length.toLocaleString('en')} | ${spans} | ${median(cpu).toFixed(0)} | ${median(wall).toFixed(0)} |`);
}

console.log(`| shape | JSON bytes | spans | parse + build, CPU ms (median of ${runs}) | wall ms |\n|---|---|---|---|---|`);
measure('Tempo JSON → buildTrace', readFileSync(tempoPath, 'utf8'), buildTrace);
measure('columnar → buildCompactTrace', readFileSync(compactPath, 'utf8'), buildCompactTrace);
