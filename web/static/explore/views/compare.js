// The crosswalk table of Query.compare: a row per theme, a column per chosen initiative, the
// norms in each cell, and the norms that address none of the themes.
import { gql } from '../api.js';
import { h, href, link, section, status } from '../dom.js';
import { nodeLink } from '../types.js';
import { go } from '../app.js';

const CHOICES = `query Choices { initiatives(first: 100, orderBy: { field: NAME }) { edges { node { id name shortName } } } themes(first: 100) { edges { node { id name } } } }`;
const COMPARE = `query Compare($i: [ID!]!, $t: [ID!]) {
  compare(initiatives: $i, themes: $t) {
    initiatives { __typename id name shortName }
    rows { theme { __typename id name } cells { initiative { id } norms { id code title } } }
    unmatched { __typename id code title initiative { id shortName } }
  }
}`;

export default async function compare(params, ctx) {
  const ids = params.getAll('i').filter(Boolean);
  const themes = params.getAll('t').filter(Boolean);
  ctx.title('Compare');
  const choices = await gql(CHOICES);

  const form = h('form', { class: 'compare-form', onsubmit: (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    go(href('compare', { i: fd.getAll('i'), t: fd.getAll('t') }));
  } },
  h('details', { open: !ids.length }, h('summary', null, `Initiatives (${ids.length} chosen, up to 12)`),
    h('fieldset', { class: 'choices' }, h('legend', { class: 'visually-hidden' }, 'Initiatives'), choices.initiatives.edges.map(({ node: i }) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'i', value: i.id, checked: ids.includes(i.id) }), ' ', i.shortName || i.name)))),
  h('details', null, h('summary', null, `Themes (${themes.length ? themes.length + ' chosen' : 'all the norms address'})`),
    h('fieldset', { class: 'choices' }, h('legend', { class: 'visually-hidden' }, 'Themes'), choices.themes.edges.map(({ node: t }) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 't', value: t.id, checked: themes.includes(t.id) }), ' ', t.name)))),
  h('button', { type: 'submit' }, 'Compare'));

  const page = h('div', { class: 'compare' }, h('h1', null, 'Compare initiatives theme by theme'), form);
  if (!ids.length) { page.append(status('Choose initiatives to compare.')); return page; }
  const d = await gql(COMPARE, { i: ids, t: themes.length ? themes : null });
  const c = d.compare;
  const csv = new URLSearchParams();
  for (const i of ids) csv.append('initiative', i);
  for (const t of themes) csv.append('theme', t);
  page.append(
    h('p', { class: 'exports' }, h('a', { class: 'button', href: `/export/compare.csv?${csv}`, download: 'normgraph-compare.csv' }, 'CSV')),
    h('div', { class: 'scroll' }, h('table', { class: 'crosswalk', id: 'crosswalk' },
      h('caption', null, 'The norms of each initiative that address each theme.'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Theme'), c.initiatives.map((i) => h('th', { scope: 'col', 'data-id': i.id }, link(href('initiative', { id: i.id }), i.shortName || i.name))))),
      h('tbody', null, c.rows.map((r) => h('tr', { 'data-theme': r.theme.id }, h('th', { scope: 'row' }, link(href('node', { id: r.theme.id }), r.theme.name)),
        r.cells.map((cell) => h('td', { class: cell.norms.length ? '' : 'empty' }, cell.norms.map((n) =>
          h('div', null, link(href('node', { id: n.id }), n.code), ' ', h('span', { class: 'muted' }, n.title)))))))))),
    section(`Norms addressing none of these themes (${c.unmatched.length})`, c.unmatched.length
      ? h('ul', null, c.unmatched.map((n) => h('li', null, nodeLink(n, 'NORM')))) : h('p', { class: 'muted' }, 'None.')));
  return page;
}
