// One initiative: its norms with codes, official wording and sources, participants, links to
// other initiatives, the facts we could not confirm (gaps) and its sources.
import { gql } from '../api.js';
import { h, href, link, section, external, status } from '../dom.js';
import { CATEGORIES, nodeLink } from '../types.js';
import { QUOTE_FIELDS, GUIDANCE_FIELDS, SOURCE_FIELDS, quote, guidance, source } from '../parts.js';

const PARTICIPANTS = `
  participants(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { role derived actor { __typename id name actorType: type } via { __typename id name } } }
  }`;

const MORE = `query Participants($id: ID!, $after: String) { initiative(id: $id) { ${PARTICIPANTS} } }`;

const QUERY = `query Initiative($id: ID!, $after: String) {
  initiative(id: $id) {
    id name shortName kind adopted symbol binding status addressees summary url
    itemization { status expected count note }
    gaps
    norms(first: 100) {
      totalCount
      edges { node {
        __typename id code section title summary category
        ${QUOTE_FIELDS}
        ${GUIDANCE_FIELDS}
        themes { __typename id name }
        sources { title url kind }
      } }
    }
    links { kind direction note from { __typename id name shortName } to { __typename id name shortName } }
    ${PARTICIPANTS}
    sources { ${SOURCE_FIELDS} }
  }
}`;

const words = (s) => s.toLowerCase().replaceAll('_', ' ');

export default async function initiative(params, ctx) {
  const id = params.get('id');
  if (!id) return h('div', null, h('h1', null, 'Initiative'), status('Which one? Pick one from the search page.', 'error'));
  const d = await gql(QUERY, { id });
  const i = d.initiative;
  if (!i) { ctx.title('Not found'); return h('div', null, h('h1', null, 'Not found'), status(`No initiative has the id “${id}”.`, 'error')); }
  ctx.title(i.shortName || i.name);

  const facts = h('dl', { class: 'facts' },
    h('dt', null, 'Kind'), h('dd', null, words(i.kind)),
    h('dt', null, 'Adopted'), h('dd', null, i.adopted ?? 'unknown'),
    i.symbol && [h('dt', null, 'Symbol'), h('dd', null, i.symbol)],
    h('dt', null, 'Binding'), h('dd', null, i.binding ? 'yes' : 'no'),
    h('dt', null, 'Status'), h('dd', null, words(i.status)),
    h('dt', null, 'Addressed to'), h('dd', null, i.addressees.map(words).join(', ') || '—'),
    h('dt', null, 'Itemization'), h('dd', null, `${words(i.itemization.status)}: ${i.itemization.count} norms in the dataset` +
      (i.itemization.expected != null ? ` of ${i.itemization.expected} in the document` : '') + (i.itemization.note ? ` (${i.itemization.note})` : '')),
    i.url && [h('dt', null, 'Document'), h('dd', null, external(i.url))]);

  const actions = h('p', { class: 'actions' },
    link(href('graph', { root: i.id, depth: 2, type: ['NORM', 'THEME'] }), 'Graph'), ' · ',
    link(href('overlaps', { initiative: i.id }), 'Overlaps'), ' · ',
    link(href('compare', { i: i.id }), 'Compare'), ' · ',
    link(href('timeline', {}), 'Timeline'));

  const norms = h('ol', { class: 'norms' }, i.norms.edges.map(({ node: n }) => {
    const cat = CATEGORIES[n.category];
    const catBadge = h('span', { class: 'badge' }, cat?.label ?? n.category);
    if (cat) catBadge.style.backgroundColor = cat.color;
    return h('li', { id: 'norm-' + n.code, 'data-id': n.id },
      h('h3', null, h('span', { class: 'code' }, n.code), ' ', link(href('node', { id: n.id }), n.title), ' ', catBadge),
      n.section && h('p', { class: 'muted' }, n.section),
      quote(n.quote),
      h('p', null, h('span', { class: 'muted' }, 'Summary: '), n.summary),
      n.themes.length > 0 && h('p', { class: 'tags' }, 'Themes: ', n.themes.map((t, k) => [k ? ', ' : '', link(href('node', { id: t.id }), t.name)])),
      n.sources.length > 0 && h('p', { class: 'tags' }, 'Sources: ', n.sources.map((s, k) => [k ? '; ' : '', source(s)])),
      guidance(n.guidance));
  }));

  const links = i.links.length
    ? h('ul', null, i.links.map((l) => h('li', null, nodeLink(l.from), ` ${words(l.kind)} `, nodeLink(l.to), l.note ? h('span', { class: 'muted' }, ` — ${l.note}`) : '')))
    : h('p', { class: 'muted' }, 'No links to other initiatives.');

  const parts = h('ul', { class: 'participants' });
  const more = h('button', { type: 'button', id: 'more-participants' }, 'More participants');
  let after = null;
  const addParts = (conn) => {
    for (const { node: p } of conn.edges) {
      parts.append(h('li', null, nodeLink(p.actor), ' ', h('span', { class: 'muted' }, words(p.role) +
        (p.derived ? ` · derived${p.via ? ' via ' + p.via.name : ''}` : ''))));
    }
    after = conn.pageInfo.endCursor;
    more.hidden = !conn.pageInfo.hasNextPage;
  };
  addParts(i.participants);
  more.addEventListener('click', async () => {
    more.disabled = true;
    const next = await gql(MORE, { id, after });
    addParts(next.initiative.participants);
    more.disabled = false;
  });

  return h('article', { class: 'initiative' },
    h('h1', null, i.name), actions,
    h('p', { class: 'lead' }, i.summary),
    facts,
    section(`Norms (${i.norms.totalCount})`, norms, i.norms.totalCount > i.norms.edges.length && status(`Showing the first ${i.norms.edges.length}.`)),
    section('Links', links),
    section(`Participants (${i.participants.totalCount})`, parts, more),
    section('Gaps', i.gaps.length ? h('ul', null, i.gaps.map((g) => h('li', null, g))) : h('p', { class: 'muted' }, 'None recorded.')),
    section('Sources', h('ul', null, i.sources.map((s) => h('li', null, source(s),
      h('span', { class: 'muted' }, [s.publisher, s.date].filter(Boolean).map((x) => ' · ' + x).join('')))))));
}
