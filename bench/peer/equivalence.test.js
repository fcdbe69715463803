// Self-test of the equivalence check: equal answers in both schemas pass; each kind of
// difference (a missing row, a changed value, another order, a missing relationship) fails.
// Run: node --test bench/peer/equivalence.test.js (no server, no dependency).
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertEquivalent } from "./equivalence.js";

const conn = (xs) => ({ edges: xs.map((node) => ({ node })) });
const clone = (x) => structuredClone(x);

const ngInitiative = { data: { initiative: { id: "un-gge-2015", name: "Report", shortName: null, kind: "UN_PROCESS",
  adopted: "2015-07-22", symbol: "A/70/174", binding: false, status: "ADOPTED", summary: "S.", url: "https://x" } } };
const peerInitiative = { data: { initiatives: [{ id: "un-gge-2015", name: "Report", shortName: null, kind: "un-process",
  adopted: "2015-07-22", symbol: "A/70/174", binding: false, status: "adopted", summary: "S.", url: "https://x" }] } };

const ngNested = { data: { initiatives: conn([
  { id: "a", norms: conn([{ id: "a/1", themes: [{ id: "t1" }, { id: "t2" }], correspondences: [{ from: { id: "a/1" }, to: { id: "b/1" } }] }]) },
  { id: "b", norms: conn([{ id: "b/1", themes: [], correspondences: [{ from: { id: "a/1" }, to: { id: "b/1" } }] }]) },
]) } };
const peerNested = { data: { initiatives: [
  { id: "a", norms: [{ id: "a/1", themes: [{ id: "t2" }, { id: "t1" }], correspondsTo: [{ id: "b/1" }], correspondedBy: [] }] },
  { id: "b", norms: [{ id: "b/1", themes: [], correspondsTo: [], correspondedBy: [{ id: "a/1" }] }] },
] } };

const ngText = { data: { norms: conn([{ id: "a/1", title: "T", initiative: { id: "a", name: "A" } }]) } };
const peerText = { data: { norms: [{ id: "a/1", title: "T", partOf: [{ id: "a", name: "A" }] }] } };

test("equal answers pass", () => {
  assertEquivalent("1-initiative-by-id", ngInitiative, peerInitiative);
  assertEquivalent("3-initiatives-norms-themes-correspondences", ngNested, peerNested);
  assertEquivalent("4-norms-text-initiative", ngText, peerText);
});

test("a changed value fails", () => {
  const p = clone(peerInitiative);
  p.data.initiatives[0].symbol = "A/70/175";
  assert.throws(() => assertEquivalent("1-initiative-by-id", ngInitiative, p), /answers differ/);
  const q = clone(peerText);
  q.data.norms[0].partOf[0].name = "B";
  assert.throws(() => assertEquivalent("4-norms-text-initiative", ngText, q), /answers differ/);
});

test("a missing row fails", () => {
  const p = clone(peerNested);
  p.data.initiatives.pop();
  assert.throws(() => assertEquivalent("3-initiatives-norms-themes-correspondences", ngNested, p), /answers differ/);
});

test("another order of rows fails", () => {
  const p = clone(peerNested);
  p.data.initiatives.reverse();
  assert.throws(() => assertEquivalent("3-initiatives-norms-themes-correspondences", ngNested, p), /answers differ/);
});

test("a missing relationship fails", () => {
  const p = clone(peerNested);
  p.data.initiatives[1].norms[0].correspondedBy = [];
  assert.throws(() => assertEquivalent("3-initiatives-norms-themes-correspondences", ngNested, p), /answers differ/);
  const q = clone(peerNested);
  q.data.initiatives[0].norms[0].themes.pop();
  assert.throws(() => assertEquivalent("3-initiatives-norms-themes-correspondences", ngNested, q), /answers differ/);
});

test("errors fail", () => {
  assert.throws(() => assertEquivalent("4-norms-text-initiative", { errors: [{ message: "boom" }] }, peerText), /errors/);
  const p = clone(peerText);
  p.data.norms[0].partOf.push({ id: "b", name: "B" });
  assert.throws(() => assertEquivalent("4-norms-text-initiative", ngText, p), /part of 2/);
});
