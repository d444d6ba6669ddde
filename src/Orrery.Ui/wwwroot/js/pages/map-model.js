// The service map's layout, pure so node --test can check it: services in layers by call depth
// (callers left of the services they call), cycles broken, each layer ordered by name.

/**
 * { nodes:[{id}], edges:[{source,target}] } → Map id → { layer, row }. A node's layer is the
 * longest chain of callers above it (at most the node count, so a cycle cannot loop forever).
 */
export function layerNodes(nodes, edges) {
  const ids = new Set(nodes.map((n) => n.id));
  for (const e of edges) { ids.add(e.source); ids.add(e.target); }
  const layer = new Map([...ids].map((id) => [id, 0]));
  const limit = ids.size;
  for (let pass = 0; pass < limit; pass++) {
    let changed = false;
    for (const e of edges) {
      if (e.source === e.target) continue;
      const next = layer.get(e.source) + 1;
      if (next > layer.get(e.target) && next < limit) {
        layer.set(e.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const byLayer = new Map();
  for (const id of [...ids].sort()) {
    const l = layer.get(id);
    if (!byLayer.has(l)) byLayer.set(l, []);
    byLayer.get(l).push(id);
  }
  const out = new Map();
  for (const [l, members] of byLayer) members.forEach((id, row) => out.set(id, { layer: l, row, rows: members.length }));
  return out;
}
