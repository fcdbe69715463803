// A graph view of Query.subgraph drawn with Cytoscape.js (embedded): roots, depth and node
// types come from the URL; clicking a node (or pressing Enter on it in the list) expands it;
// nodes are coloured by type or by norm category; edge types can be hidden and labelled; the
// export buttons download the same subgraph in the server's export formats.
import { gql } from '../api.js';
import { h, href, link, status } from '../dom.js';
import { TYPES, CATEGORIES, typeInfo } from '../types.js';
import { go } from '../app.js';

const QUERY = `query Subgraph($roots: [ID!]!, $depth: Int!, $types: [NodeType!], $limit: Int!) {
  subgraph(rootIds: $roots, depth: $depth, types: $types, limit: $limit) {
    truncated
    nodes { id type label node { ... on Norm { category } } }
    edges { id type source target label }
  }
}`;

const LIMIT = 150;
let cytoscapePromise;
const loadCytoscape = () => (cytoscapePromise ??= import('../../vendor/cytoscape.esm.min.mjs').then((m) => m.default));

export default async function graph(params, ctx) {
  const roots = params.getAll('root').filter(Boolean);
  const depth = Math.min(3, Math.max(0, Number(params.get('depth') ?? 1) || 0));
  const types = params.getAll('type').filter((t) => TYPES[t]);
  const expanded = params.getAll('expand');
  const colorBy = params.get('color') === 'category' ? 'category' : 'type';
  const hiddenEdges = new Set(params.getAll('hide'));
  const edgeLabels = params.get('labels') === '1';
  ctx.title(roots.length ? `Graph: ${roots.join(', ')}` : 'Graph');

  const state = () => ({ root: roots, depth, type: types, expand: expanded, color: colorBy === 'type' ? '' : colorBy, hide: [...hiddenEdges], labels: edgeLabels ? '1' : '' });
  const nav = (changes) => href('graph', { ...state(), ...changes });

  // The form: roots, depth, types. Submitting it is a new view (a new URL).
  const form = h('form', { class: 'controls', onsubmit: (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const r = String(fd.get('roots')).split(/[\s,]+/).filter(Boolean);
    go(href('graph', { root: r, depth: fd.get('depth'), type: fd.getAll('type'), color: colorBy === 'type' ? '' : colorBy, labels: edgeLabels ? '1' : '' }));
  } },
  h('label', null, 'Roots ', h('input', { name: 'roots', value: roots.join(' '), size: 24, required: true, 'aria-describedby': 'roots-help' })),
  h('label', null, 'Depth ', h('select', { name: 'depth' }, [0, 1, 2, 3].map((d) => h('option', { value: d, selected: d === depth }, d)))),
  h('fieldset', { class: 'types' }, h('legend', null, 'Node types (none ticked: all)'),
    Object.entries(TYPES).map(([t, info]) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'type', value: t, checked: types.includes(t) }), ' ', swatch(info.color), info.label))),
  h('button', { type: 'submit' }, 'Draw'),
  h('small', { id: 'roots-help', class: 'visually-hidden' }, 'Ids separated by spaces, e.g. paris-call un-gge-2015.'));

  if (!roots.length) return h('div', null, h('h1', { class: 'visually-hidden' }, 'Graph'), form, status('Give one or more root ids.'));

  const [cytoscape, first] = await Promise.all([loadCytoscape(), gql(QUERY, { roots, depth, types: types.length ? types : null, limit: LIMIT })]);
  if (ctx.stale()) return;

  const box = h('div', { id: 'cy', class: 'cy', role: 'img', 'aria-label': 'Graph drawing; the list of nodes beside it does the same with the keyboard' });
  const info = h('p', { class: 'status', role: 'status', id: 'graph-status' });
  const nodeList = h('ul', { class: 'node-list', id: 'node-list' });
  const detail = h('div', { class: 'detail', id: 'graph-detail' }, h('p', { class: 'muted' }, 'Click a node to expand it.'));
  const level = new Map(roots.map((r) => [r, 0]));
  let truncated = first.subgraph.truncated;

  // By category: a norm takes its category's colour, a category node its own; the rest grey.
  const categoryOf = (n) => (n.type === 'NORM' ? n.node?.category : n.type === 'CATEGORY' ? n.id.toUpperCase() : null);
  const colourOf = (n) => (colorBy === 'category' ? CATEGORIES[categoryOf(n)]?.color ?? '#d0d0d0' : typeInfo(n.type).color);

  function merge(sub, from) {
    const base = from == null ? 0 : (level.get(from) ?? 0) + 1;
    cy.batch(() => {
      for (const n of sub.nodes) {
        if (cy.getElementById(n.id).nonempty()) continue;
        if (!level.has(n.id)) level.set(n.id, base);
        const t = typeInfo(n.type);
        cy.add({ group: 'nodes', data: { id: n.id, type: n.type, label: n.label, short: n.label.length > 28 ? n.label.slice(0, 27) + '…' : n.label, color: colourOf(n), shape: t.shape, level: level.get(n.id) }, classes: roots.includes(n.id) ? 'root' : '' });
      }
      for (const e of sub.edges) {
        if (cy.getElementById(e.id).nonempty() || cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
        cy.add({ group: 'edges', data: { id: e.id, type: e.type, source: e.source, target: e.target, label: e.label || e.type.toLowerCase().replaceAll('_', ' ') } });
      }
    });
    truncated ||= sub.truncated;
  }

  // Rings around the roots by distance, then a force-directed pass over the edges shown,
  // started from the rings (so the same graph is always drawn the same way).
  function layout() {
    const max = Math.max(...cy.nodes().map((n) => n.data('level')), 0);
    // Lay out in a box of the drawing's shape, so that fitting it fills the drawing.
    const boundingBox = { x1: 0, y1: 0, w: Math.max(box.clientWidth, 300), h: Math.max(box.clientHeight, 300) };
    cy.layout({ name: 'concentric', animate: false, boundingBox, concentric: (n) => max - n.data('level') + (n.hasClass('root') ? 1 : 0), levelWidth: () => 1, minNodeSpacing: 14, avoidOverlap: true }).run();
    cy.elements().not('.hidden').layout({ name: 'cose', randomize: false, animate: false, boundingBox, nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 60, nodeRepulsion: () => 9000, componentSpacing: 40, numIter: 1500, fit: true, padding: 20 }).run();
  }

  function applyFilters() {
    cy.batch(() => cy.edges().forEach((e) => {
      e.toggleClass('hidden', hiddenEdges.has(e.data('type')));
      e.toggleClass('labelled', edgeLabels);
    }));
  }

  function refresh() {
    applyFilters();
    const edgeTypes = [...new Set(cy.edges().map((e) => e.data('type')))].sort();
    edgeBoxes.replaceChildren(h('legend', null, 'Edge types'), ...edgeTypes.map((t) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', checked: !hiddenEdges.has(t), onchange: (e) => {
        if (e.target.checked) hiddenEdges.delete(t); else hiddenEdges.add(t);
        applyFilters(); layout(); ctx.replace(nav({}));
      } }), ' ', t.toLowerCase().replaceAll('_', ' '))));
    const nodes = cy.nodes().sort((a, b) => a.data('level') - b.data('level') || a.data('label').localeCompare(b.data('label')));
    nodeList.replaceChildren(...nodes.map((n) => h('li', null,
      h('button', { type: 'button', 'data-id': n.id(), class: n.hasClass('expanded') ? 'expanded' : '', 'aria-label': `${typeInfo(n.data('type')).label} ${n.data('label')}: expand`, onclick: () => expand(n.id()) },
        swatch(n.data('color')), n.data('label')))));
    info.textContent = `${cy.nodes().length} nodes, ${cy.edges().not('.hidden').length} edges shown` + (truncated ? ` (cut at ${LIMIT} nodes per request: expand nodes to see more)` : '') + '.';
    exports.replaceChildren(...exportLinks());
  }

  async function expand(id, record = true) {
    const n = cy.getElementById(id);
    if (n.empty()) return;
    cy.$(':selected').unselect();
    n.select();
    showDetail(n);
    if (n.hasClass('expanded')) return;
    let d;
    try {
      d = await gql(QUERY, { roots: [id], depth: 1, types: types.length ? types : null, limit: LIMIT });
    } catch (e) {
      info.textContent = `Could not expand ${id}: ${e.message}`;
      return;
    }
    merge(d.subgraph, id);
    n.addClass('expanded');
    if (record && !expanded.includes(id)) { expanded.push(id); ctx.replace(nav({})); }
    layout();
    refresh();
  }

  function showDetail(n) {
    const t = typeInfo(n.data('type'));
    detail.replaceChildren(h('h2', null, n.data('label')),
      h('p', null, t.label, ' · ', h('code', null, n.id()), ' · ', `${n.degree()} edge${n.degree() === 1 ? '' : 's'} here`),
      h('p', null, link(t.page(n.id()), 'Open its page'), ' · ', link(href('graph', { root: n.id(), type: types }), 'Make it the root')));
  }

  function exportLinks() {
    const q = new URLSearchParams();
    for (const r of roots.concat(expanded)) q.append('root', r);
    q.set('depth', String(depth));
    for (const t of types) q.append('type', t);
    q.set('limit', String(LIMIT));
    return [['json', 'Cytoscape.js JSON'], ['gexf', 'GEXF (Gephi)'], ['graphml', 'GraphML']].map(([ext, label]) =>
      h('a', { class: 'button', href: `/export/subgraph.${ext}?${q}`, download: `normgraph-subgraph.${ext}`,
        title: `The subgraph within ${depth} step${depth === 1 ? '' : 's'} of the roots${expanded.length ? ' and the expanded nodes' : ''}, as the server exports it` }, label));
  }

  const edgeBoxes = h('fieldset', { class: 'types' });
  const exports = h('p', { class: 'exports', 'aria-label': 'Export' });
  const colour = h('label', null, 'Colour by ', h('select', { onchange: (e) => go(nav({ color: e.target.value === 'type' ? '' : e.target.value })) },
    h('option', { value: 'type', selected: colorBy === 'type' }, 'node type'), h('option', { value: 'category', selected: colorBy === 'category' }, 'norm category')));
  const labels = h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: edgeLabels, onchange: (e) => go(nav({ labels: e.target.checked ? '1' : '' })) }), ' Edge labels');
  const legend = h('p', { class: 'legend' }, colorBy === 'type'
    ? Object.values(TYPES).map((t) => h('span', null, swatch(t.color), t.label))
    : Object.values(CATEGORIES).map((c) => h('span', null, swatch(c.color), c.label + ' norm')));

  const page = h('div', { class: 'graph-view' },
    h('h1', { class: 'visually-hidden' }, 'Graph'), form,
    h('div', { class: 'graph-layout' }, h('div', null, box, info, exports),
      h('aside', null, h('div', { class: 'controls' }, colour, labels), legend, edgeBoxes, detail, h('h2', null, 'Nodes'), nodeList)));
  ctx.main.replaceChildren(page);
  const cy = cytoscape({
    container: box,
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { 'background-color': 'data(color)', shape: 'data(shape)', label: 'data(short)', 'font-size': 12, color: '#222', 'text-valign': 'bottom', 'text-margin-y': 3, width: 22, height: 22, 'text-wrap': 'ellipsis', 'text-max-width': 110 } },
      { selector: 'node.root', style: { width: 30, height: 30, 'border-width': 3, 'border-color': '#000', 'font-weight': 'bold' } },
      { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#555' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffb703' } },
      { selector: 'edge', style: { width: 1, 'line-color': '#bbb', 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#bbb', 'arrow-scale': 0.6 } },
      { selector: 'edge[type = "OVERLAPS"]', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none', 'line-color': '#d8c4e8' } },
      { selector: 'edge.labelled', style: { label: 'data(label)', 'font-size': 7, color: '#555', 'text-rotation': 'autorotate', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
      { selector: '.hidden', style: { display: 'none' } },
    ],
  });

  box.cytoscape = cy; // for the browser test, which clicks nodes where Cytoscape drew them
  cy.on('tap', 'node', (e) => expand(e.target.id()));
  merge(first.subgraph, null);
  for (const r of roots) cy.getElementById(r).addClass('expanded');
  for (const id of expanded) {
    const d = await gql(QUERY, { roots: [id], depth: 1, types: types.length ? types : null, limit: LIMIT });
    merge(d.subgraph, id);
    cy.getElementById(id).addClass('expanded');
  }

  cy.resize();
  layout();
  refresh();
  cy.fit(undefined, 20);
  return null;
}

function swatch(color) {
  const s = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.backgroundColor = color;
  return s;
}
