// The trace model from /api/ui/traces/{id} (the columnar shape written by CompactTraceJson.cs):
// the same model buildTrace makes from Tempo's JSON, in one linear pass. The server sends spans
// in start order with parent indices, so no sorting, no id lookups to link parents and no object
// per attribute; attributes, resource, scope, events and links are read from the columns only
// when a span's details are shown (or the trace is searched). Pure: no DOM, so node --test checks it.

const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_NAMES = ['unset', 'ok', 'error'];
const NO_CHILDREN = Object.freeze([]);

function pairs(strings, list, from, to) {
  const out = [];
  for (let k = from; k < to; k += 2) out.push({ key: strings[list[k]], value: strings[list[k + 1]] });
  return out;
}

/** One span: the fields every view reads are plain properties; the rest are computed on first use. */
class CompactSpan {
  constructor(columns, index, depth) {
    this.columns = columns;
    this.index = index;
    this.id = columns.spanIds.substr(index * 16, 16);
    const parent = columns.parent[index];
    // A parent in the answer has the parent id as its own id; the others are sent apart.
    this.parentId = parent >= 0 ? columns.spanIds.substr(parent * 16, 16) : columns.orphanParents.get(index) ?? '';
    this.traceId = columns.traceId;
    this.name = columns.strings[columns.name[index]];
    const scope = columns.scopes[columns.scope[index]];
    this.service = columns.strings[columns.resources[scope[2]][0]];
    this.kind = KIND_NAMES[columns.kind[index]] ?? 'unspecified';
    this.startNs = columns.start[index];
    this.durationNs = columns.duration[index];
    this.endNs = this.startNs + this.durationNs;
    this.status = STATUS_NAMES[columns.status[index]] ?? 'unset';
    this.statusMessage = columns.strings[columns.statusMessage[index]];
    this.error = this.status === 'error';
    this.parent = parent;
    this.children = NO_CHILDREN;
    this.depth = depth;
    this.cachedAttributes = null;
  }

  get attributes() {
    if (this.cachedAttributes === null) {
      const c = this.columns;
      const from = c.attributeStart[this.index] * 2;
      this.cachedAttributes = pairs(c.strings, c.attributes, from, from + c.attributeCount[this.index] * 2);
    }
    return this.cachedAttributes;
  }

  get resource() {
    const c = this.columns;
    const row = c.resources[c.scopes[c.scope[this.index]][2]];
    return pairs(c.strings, row, 1, row.length);
  }

  get scope() {
    const c = this.columns;
    const row = c.scopes[c.scope[this.index]];
    return { name: c.strings[row[0]], version: c.strings[row[1]] };
  }

  get events() {
    const c = this.columns;
    return (c.eventsBySpan.get(this.index) ?? []).map((e) => ({ timeNs: e[1], name: c.strings[e[2]], attributes: pairs(c.strings, e[3], 0, e[3].length) }));
  }

  get links() {
    const c = this.columns;
    return (c.linksBySpan.get(this.index) ?? []).map((l) => ({ traceId: l[1], spanId: l[2], attributes: pairs(c.strings, l[3], 0, l[3].length) }));
  }
}

function groupBySpan(rows) {
  const map = new Map();
  for (const row of rows ?? []) {
    if (!map.has(row[0])) map.set(row[0], []);
    map.get(row[0]).push(row);
  }
  return map;
}

/**
 * Builds the model (the same fields as buildTrace's) plus `analysis` (critical path length and
 * statistics) and `critical` (span id → its critical-path segments, as criticalBySpan returns).
 */
export function buildCompactTrace(json) {
  if (json?.version !== 2) throw new Error(`unknown trace shape version ${json?.version}`);
  const n = json.spanCount;
  // Starts and attribute offsets are sent as differences and counts (smaller to send and parse); one pass sums them.
  const start = new Array(n);
  const attributeStart = new Int32Array(n);
  for (let i = 0, t = 0, a = 0; i < n; i++) {
    t += json.startDelta[i];
    start[i] = t;
    attributeStart[i] = a;
    a += json.attributeCount[i];
  }
  const orphanParents = new Map();
  for (let k = 0; k + 1 < (json.parentIds?.length ?? 0); k += 2) orphanParents.set(json.parentIds[k], json.parentIds[k + 1]);
  const columns = { ...json, start, attributeStart, orphanParents, eventsBySpan: groupBySpan(json.events), linksBySpan: groupBySpan(json.links) };
  const spans = new Array(n);
  const byId = new Map();
  const roots = [];
  const services = new Set();
  let durationNs = 0;
  let errorCount = 0;
  // Parents come before their children only when they start earlier, so depths are set in the walk below.
  for (let i = 0; i < n; i++) {
    const s = new CompactSpan(columns, i, 0);
    spans[i] = s;
    if (!byId.has(s.id)) byId.set(s.id, i);
    if (s.parent < 0) {
      roots.push(i);
    } else {
      const p = spans[s.parent];
      if (p) {
        if (p.children === NO_CHILDREN) p.children = [];
        p.children.push(i);
      }
    }
    services.add(s.service);
    if (s.endNs > durationNs) durationNs = s.endNs;
    if (s.error) errorCount++;
  }
  // A child that starts before its parent (clock skew) has a lower index: link it now.
  for (let i = 0; i < n; i++) {
    const p = spans[i].parent;
    if (p > i) {
      const parent = spans[p];
      if (parent.children === NO_CHILDREN) parent.children = [];
      parent.children.push(i);
    }
  }
  for (let i = 0; i < n; i++) {
    const kids = spans[i].children;
    // Children arrive in index (= start) order unless a skewed child was added late.
    for (let k = 1; k < kids.length; k++) {
      if (kids[k - 1] > kids[k]) { kids.sort((a, b) => a - b); break; }
    }
  }

  // Depth-first order with an explicit stack (a 10,000-deep chain must not overflow the JS stack).
  const order = [];
  const stack = [];
  for (const r of roots) {
    stack.push(r);
    while (stack.length) {
      const i = stack.pop();
      order.push(i);
      const kids = spans[i].children;
      const depth = spans[i].depth + 1;
      for (let k = kids.length - 1; k >= 0; k--) {
        spans[kids[k]].depth = depth;
        stack.push(kids[k]);
      }
    }
  }

  const a = json.analysis ?? {};
  const critical = new Map();
  const segments = a.criticalPath ?? [];
  // [span, gap after the previous segment's end, length] triples.
  for (let k = 0, end = 0; k + 2 < segments.length; k += 3) {
    const id = spans[segments[k]].id;
    const startNanos = end + segments[k + 1];
    end = startNanos + segments[k + 2];
    if (!critical.has(id)) critical.set(id, []);
    critical.get(id).push({ spanId: id, startNanos, endNanos: end });
  }
  return {
    spans, order, roots, byId, durationNs,
    services: [...services].sort(),
    origin: json.origin ?? [0, 0],
    traceId: json.traceId ?? '',
    errorCount,
    critical,
    analysis: {
      spanCount: a.spanCount ?? n,
      rootSpanId: a.rootSpanId ?? '',
      durationNanos: a.durationNanos ?? 0,
      criticalPathNanos: a.criticalPathNanos ?? 0,
      operations: a.operations ?? [],
      services: a.services ?? [],
    },
  };
}
