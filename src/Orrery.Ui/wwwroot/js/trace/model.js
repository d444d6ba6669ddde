// A trace from Tempo's JSON (OTLP shape: base64 ids, int64 as strings) turned into flat arrays
// once: parent/children indices, depth, a depth-first row order. Everything the views need per
// span is precomputed here so that scrolling and toggling never walk the raw JSON again.
// Pure: no DOM, so node --test checks it.

const HEX = '0123456789abcdef';

/** base64 (Tempo) or hex (OTLP/JSON) id → lowercase hex. */
export function idToHex(id) {
  if (!id) return '';
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 16 || id.length === 32)) return id.toLowerCase();
  const bin = atob(id);
  let out = '';
  for (let i = 0; i < bin.length; i++) {
    const b = bin.charCodeAt(i);
    out += HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** An OTLP AnyValue as display text. */
export function anyValueText(v) {
  if (v === undefined || v === null) return '';
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return String(v.intValue);
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return String(v.boolValue);
  if ('bytesValue' in v) return v.bytesValue;
  if ('arrayValue' in v) return `[${(v.arrayValue.values ?? []).map(anyValueText).join(', ')}]`;
  if ('kvlistValue' in v) return `{${(v.kvlistValue.values ?? []).map((kv) => `${kv.key}: ${anyValueText(kv.value)}`).join(', ')}}`;
  return '';
}

function attributes(list) {
  return (list ?? []).map((kv) => ({ key: kv.key, value: anyValueText(kv.value) }));
}

const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function kindName(kind) {
  if (typeof kind === 'number') return KIND_NAMES[kind] ?? 'unspecified';
  if (typeof kind === 'string') return kind.replace('SPAN_KIND_', '').toLowerCase();
  return 'unspecified';
}

function statusCode(status) {
  const code = status?.code;
  if (code === 2 || code === 'STATUS_CODE_ERROR') return 'error';
  if (code === 1 || code === 'STATUS_CODE_OK') return 'ok';
  return 'unset';
}

/**
 * Unix nanoseconds (a decimal string or number) as [seconds, nanoseconds]: both parts are exact
 * doubles, where the whole would not be, and parsing them is far cheaper than BigInt.
 */
export function splitNanos(value) {
  const text = String(value ?? '0');
  if (text.length <= 9) return [0, Number(text)];
  return [Number(text.slice(0, -9)), Number(text.slice(-9))];
}

function offsetNs(parts, origin) {
  return (parts[0] - origin[0]) * 1e9 + (parts[1] - origin[1]);
}

function before(a, b) {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/**
 * Builds the model. Times are Number nanoseconds from the trace's earliest start (exact for any
 * trace shorter than 104 days; absolute Unix nanoseconds would not fit a double).
 */
export function buildTrace(json) {
  const batches = json.batches ?? json.resourceSpans ?? json.trace?.resourceSpans ?? [];
  const raw = [];
  let origin = null;
  for (const batch of batches) {
    const resource = attributes(batch.resource?.attributes);
    const service = resource.find((a) => a.key === 'service.name')?.value ?? 'unknown';
    for (const scopeSpans of batch.scopeSpans ?? batch.instrumentationLibrarySpans ?? []) {
      const scope = scopeSpans.scope ?? scopeSpans.instrumentationLibrary ?? {};
      for (const span of scopeSpans.spans ?? []) {
        const start = splitNanos(span.startTimeUnixNano);
        const end = splitNanos(span.endTimeUnixNano ?? span.startTimeUnixNano);
        if (origin === null || before(start, origin)) origin = start;
        raw.push({ span, start, end, resource, service, scope });
      }
    }
  }
  const n = raw.length;
  const spans = new Array(n);
  const byId = new Map();
  for (let i = 0; i < n; i++) {
    const { span, start, end, resource, service, scope } = raw[i];
    const startNs = offsetNs(start, origin);
    const endNs = Math.max(startNs, offsetNs(end, origin));
    const status = statusCode(span.status);
    spans[i] = {
      index: i,
      id: idToHex(span.spanId),
      parentId: idToHex(span.parentSpanId),
      traceId: idToHex(span.traceId),
      name: span.name ?? '',
      service,
      kind: kindName(span.kind),
      startNs,
      endNs,
      durationNs: endNs - startNs,
      status,
      statusMessage: span.status?.message ?? '',
      error: status === 'error',
      attributes: attributes(span.attributes),
      resource,
      scope: { name: scope.name ?? '', version: scope.version ?? '' },
      events: (span.events ?? []).map((e) => ({
        timeNs: offsetNs(splitNanos(e.timeUnixNano), origin), name: e.name ?? '', attributes: attributes(e.attributes),
      })),
      links: (span.links ?? []).map((l) => ({ traceId: idToHex(l.traceId), spanId: idToHex(l.spanId), attributes: attributes(l.attributes) })),
      parent: -1,
      children: [],
      depth: 0,
    };
    if (!byId.has(spans[i].id)) byId.set(spans[i].id, i);
  }
  const roots = [];
  for (const s of spans) {
    const p = s.parentId ? byId.get(s.parentId) : undefined;
    if (p !== undefined && p !== s.index) {
      s.parent = p;
      spans[p].children.push(s.index);
    } else {
      roots.push(s.index);
    }
  }
  const byStart = (a, b) => spans[a].startNs - spans[b].startNs || (spans[a].id < spans[b].id ? -1 : 1);
  roots.sort(byStart);
  for (const s of spans) s.children.sort(byStart);

  // Depth-first order, iteratively (a 10,000-deep chain must not overflow the JS stack). A span
  // caught in a parent cycle is never reached from a root; it is appended as a root of its own.
  const order = [];
  const visited = new Uint8Array(n);
  const walk = (root) => {
    const stack = [root];
    spans[root].depth = 0;
    while (stack.length) {
      const i = stack.pop();
      if (visited[i]) continue;
      visited[i] = 1;
      order.push(i);
      const kids = spans[i].children;
      for (let k = kids.length - 1; k >= 0; k--) {
        spans[kids[k]].depth = spans[i].depth + 1;
        stack.push(kids[k]);
      }
    }
  };
  for (const r of roots) walk(r);
  for (let i = 0; i < n; i++) {
    if (visited[i]) continue;
    spans[i].parent = -1;
    roots.push(i);
    walk(i);
  }
  let durationNs = 0;
  for (const s of spans) durationNs = Math.max(durationNs, s.endNs);
  const services = [...new Set(spans.map((s) => s.service))].sort();
  return {
    spans, order, roots, byId, durationNs, services,
    /** The trace's first start as [Unix seconds, nanoseconds]. */
    origin: origin ?? [0, 0],
    traceId: spans[0]?.traceId ?? '',
    errorCount: spans.filter((s) => s.error).length,
  };
}

/** Rows to show: depth-first order, skipping the descendants of collapsed spans (a Set of indices). */
export function visibleRows(model, collapsed) {
  if (!collapsed || collapsed.size === 0) return model.order;
  const rows = [];
  const { order, spans } = model;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    rows.push(i);
    if (collapsed.has(i)) {
      // Skip the subtree: in depth-first order it is the run of deeper rows that follows.
      const depth = spans[i].depth;
      while (k + 1 < order.length && spans[order[k + 1]].depth > depth) k++;
    }
  }
  return rows;
}

/** Spans whose name, service, id, attribute key or value contains the text (case-insensitive). */
export function searchSpans(model, text) {
  const found = new Set();
  const needle = (text ?? '').trim().toLowerCase();
  if (!needle) return found;
  for (const s of model.spans) {
    if (s.name.toLowerCase().includes(needle) || s.service.toLowerCase().includes(needle) || s.id === needle
      || s.attributes.some((a) => a.key.toLowerCase().includes(needle) || a.value.toLowerCase().includes(needle))) {
      found.add(s.index);
    }
  }
  return found;
}

/** The ancestors of a span, so that revealing it can expand them. */
export function ancestors(model, index) {
  const out = [];
  for (let p = model.spans[index].parent; p >= 0; p = model.spans[p].parent) out.push(p);
  return out;
}

/** The index window of rows to draw for a scroll position, with a margin of `overscan` rows. */
export function rowWindow(scrollTop, viewportHeight, rowHeight, rowCount, overscan = 10) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}

/** Critical-path segments (from /api/ui/…/analysis) grouped by span id. */
export function criticalBySpan(analysis) {
  const map = new Map();
  for (const seg of analysis?.criticalPath ?? []) {
    if (!map.has(seg.spanId)) map.set(seg.spanId, []);
    map.get(seg.spanId).push(seg);
  }
  return map;
}
