// Search over everything (Query.search), with typed results; without a query, a start page.
import { gql } from '../api.js';
import { h, href, link, section, status } from '../dom.js';
import { TYPES, NAME_FIELDS, badge, nameOf, nodeLink, typeInfo } from '../types.js';
import { go } from '../app.js';

const SEARCH = `query Search($q: String!, $types: [NodeType!]) {
  search(query: $q, types: $types, first: 50) {
    totalCount
    edges { node { type score node { ...Name } } }
  }
}
${NAME_FIELDS}`;

const START = `query Start {
  stats { initiatives norms themes actors sources overlaps }
  initiatives(first: 100, orderBy: { field: ADOPTED }) { edges { node { ...Name kind } } }
}
${NAME_FIELDS}`;

export default async function search(params, ctx) {
  const q = params.get('q') ?? '';
  const types = params.getAll('type').filter((t) => TYPES[t]);
  ctx.title(q ? `Search: ${q}` : 'Search');

  const input = h('input', { type: 'search', name: 'q', id: 'q', value: q, placeholder: 'e.g. paris, vulnerability, critical infrastructure', maxlength: 200, autocomplete: 'off' });
  const boxes = Object.entries(TYPES).map(([t, info]) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'type', value: t, checked: types.includes(t) }), ' ', info.label));
  const form = h('form', { role: 'search', class: 'search-form', onsubmit: (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    go(href('search', { q: fd.get('q').trim(), type: fd.getAll('type') }));
  } },
  h('label', { for: 'q', class: 'visually-hidden' }, 'Search'), input, h('button', { type: 'submit' }, 'Search'),
  h('fieldset', { class: 'types' }, h('legend', null, 'Only these types'), boxes));

  const page = h('div', null, h('h1', null, 'Search the graph'), form);
  if (!q) {
    const d = await gql(START);
    const s = d.stats;
    page.append(
      h('p', { class: 'lead' }, `${s.initiatives} initiatives, ${s.norms} norms, ${s.themes} themes, ${s.actors} actors, ${s.sources} sources, ${s.overlaps} overlapping pairs.`),
      section('Initiatives, oldest first', h('ul', { class: 'results' }, d.initiatives.edges.map(({ node }) =>
        h('li', null, nodeLink(node), ' ', h('span', { class: 'muted' }, `${node.adopted ?? 'undated'} · ${node.kind.toLowerCase()}`))))));
    return page;
  }
  const d = await gql(SEARCH, { q, types: types.length ? types : null });
  const hits = d.search.edges.map((e) => e.node);
  page.append(h('p', { role: 'status', class: 'count' }, `${d.search.totalCount} result${d.search.totalCount === 1 ? '' : 's'} for “${q}”${hits.length < d.search.totalCount ? ` (the first ${hits.length})` : ''}.`));
  page.append(h('ol', { class: 'results', id: 'results' }, hits.map((hit) =>
    h('li', { 'data-id': hit.node.id, 'data-type': hit.type }, badge(hit.type), ' ',
      link(typeInfo(hit.type).page(hit.node.id), nameOf(hit.node)), ' ',
      h('span', { class: 'muted' }, hit.node.id)))));
  return page;
}
