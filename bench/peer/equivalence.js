// Canonical forms of the answers of normgraph and of the peer to the benchmark's query shapes,
// so that the two can be checked equal though their schemas differ (Relay connections and enums
// on one side, plain lists and stored property values on the other).

// enumValue compares enum names (UN_PROCESS) with stored values (un-process).
const enumValue = (s) => (s == null ? s : String(s).toLowerCase().replace(/[-_ ]/g, ""));
const nodes = (conn) => conn.edges.map((e) => e.node);
const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function initiative(x) {
  return {
    id: x.id, name: x.name, shortName: x.shortName ?? null, kind: enumValue(x.kind),
    adopted: x.adopted ?? null, symbol: x.symbol ?? null, binding: x.binding,
    status: enumValue(x.status), summary: x.summary ?? null, url: x.url ?? null,
  };
}

const shapes = {
  "1-initiative-by-id": {
    normgraph: (d) => initiative(d.initiative),
    peer: (d) => {
      if (d.initiatives.length !== 1) throw new Error(`${d.initiatives.length} initiatives`);
      return initiative(d.initiatives[0]);
    },
  },
  "2-initiatives-norms": {
    normgraph: (d) => nodes(d.initiatives).map((i) => ({ id: i.id, norms: nodes(i.norms).map((n) => ({ id: n.id, title: n.title })) })),
    peer: (d) => d.initiatives.map((i) => ({ id: i.id, norms: i.norms.map((n) => ({ id: n.id, title: n.title })) })),
  },
  "3-initiatives-norms-themes-correspondences": {
    normgraph: (d) => nodes(d.initiatives).map((i) => ({
      id: i.id,
      norms: nodes(i.norms).map((n) => ({
        id: n.id,
        themes: n.themes.map((t) => t.id).sort(byKey),
        correspondences: n.correspondences.map((c) => `${c.from.id} -> ${c.to.id}`).sort(byKey),
      })),
    })),
    peer: (d) => d.initiatives.map((i) => ({
      id: i.id,
      norms: i.norms.map((n) => ({
        id: n.id,
        themes: n.themes.map((t) => t.id).sort(byKey),
        correspondences: [
          ...n.correspondsTo.map((o) => `${n.id} -> ${o.id}`),
          ...n.correspondedBy.map((o) => `${o.id} -> ${n.id}`),
        ].sort(byKey),
      })),
    })),
  },
  "4-norms-text-initiative": {
    normgraph: (d) => nodes(d.norms).map((n) => ({ id: n.id, title: n.title, initiative: { id: n.initiative.id, name: n.initiative.name } })),
    peer: (d) => d.norms.map((n) => {
      if (n.partOf.length !== 1) throw new Error(`norm ${n.id} is part of ${n.partOf.length} initiatives`);
      return { id: n.id, title: n.title, initiative: { id: n.partOf[0].id, name: n.partOf[0].name } };
    }),
  },
};

export const shapeNames = Object.keys(shapes);

// canonical returns the canonical form of a response body (parsed JSON) of one side.
export function canonical(shape, side, body) {
  if (body.errors?.length) throw new Error(`${side} answered ${shape} with errors: ${JSON.stringify(body.errors)}`);
  const f = shapes[shape]?.[side];
  if (!f) throw new Error(`no canonical form for ${side} ${shape}`);
  return f(body.data);
}

// assertEquivalent throws, naming the first difference, unless the two answers are the same.
export function assertEquivalent(shape, normgraphBody, peerBody) {
  const a = JSON.stringify(canonical(shape, "normgraph", normgraphBody));
  const b = JSON.stringify(canonical(shape, "peer", peerBody));
  if (a === b) return;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  throw new Error(`${shape}: answers differ at character ${i}:\n normgraph …${a.slice(Math.max(0, i - 80), i + 80)}\n peer      …${b.slice(Math.max(0, i - 80), i + 80)}`);
}
