// Any node by id: a norm, theme, actor, source or category (initiatives have their own view).
// A type without a renderer here is shown as its plain fields, so new types show up at once.
import { gql } from '../api.js';
import { h, href, link, section, external, status } from '../dom.js';
import { NAME_FIELDS, nameOf, nodeLink, typeOf, badge } from '../types.js';
import initiative from './initiative.js';
import { QUOTE_FIELDS, GUIDANCE_FIELDS, quote, guidance, source } from '../parts.js';

const QUERY = `query Node($id: ID!) {
  node(id: $id) {
    ...Name
    ... on Norm {
      section summary addressee
      ${QUOTE_FIELDS}
      ${GUIDANCE_FIELDS}
      themes { ...Name }
      correspondences { kind basis rationale from { ...Name } to { ...Name } }
      sources { title url kind }
    }
    ... on Theme {
      definition
      initiatives { ...Name }
      norms(first: 100) { totalCount edges { node { ...Name } } }
      sources { title url kind }
    }
    ... on Actor {
      iso3 country stakeholderGroup
      participations { derived role initiative { ...Name } via { ...Name } }
      memberships { since until organization { ...Name } }
      members { actor { ...Name } }
      sources { title url kind }
    }
    ... on Source { publisher url kind }
    ... on CategoryInfo { actors objectives actions impacts sources { title url kind } }
  }
}
${NAME_FIELDS}`;

const list = (items, f) => (items.length ? h('ul', null, items.map((x) => h('li', null, f(x)))) : h('p', { class: 'muted' }, 'None.'));
const sources = (n) => n.sources && section('Sources', list(n.sources, source));
const field = (label, value) => value != null && value !== '' && [h('dt', null, label), h('dd', null, value)];

const RENDER = {
  Norm: (n) => [
    h('p', null, nodeLink(n.initiative, 'INITIATIVE'), ` · ${n.code}`, n.section ? ` · ${n.section}` : '', ` · ${n.category.toLowerCase()} · for ${n.addressee.toLowerCase().replaceAll('_', ' ')}`),
    quote(n.quote),
    guidance(n.guidance),
    h('p', null, h('span', { class: 'muted' }, 'Summary: '), n.summary),
    section('Themes', list(n.themes, nodeLink)),
    section('Corresponding norms', list(n.correspondences, (c) => [nodeLink(c.from), ` ${c.kind.toLowerCase()} `, nodeLink(c.to), h('span', { class: 'muted' }, ` (${c.basis.toLowerCase()}) ${c.rationale}`)])),
    sources(n),
  ],
  Theme: (n) => [
    h('p', { class: 'lead' }, n.definition),
    h('p', { class: 'actions' }, link(href('compare', { i: n.initiatives.slice(0, 6).map((i) => i.id), t: n.id }), 'Compare the initiatives on this theme')),
    section('Initiatives', list(n.initiatives, nodeLink)),
    section(`Norms (${n.norms.totalCount})`, list(n.norms.edges.map((e) => e.node), nodeLink)),
    sources(n),
  ],
  Actor: (n) => [
    h('dl', { class: 'facts' }, field('Type', n.actorType.toLowerCase().replaceAll('_', ' ')), field('ISO 3166', n.iso3), field('Country', n.country), field('Stakeholder group', n.stakeholderGroup)),
    section('Committed to', list(n.participations, (p) => [nodeLink(p.initiative), h('span', { class: 'muted' }, ` ${p.role.toLowerCase()}${p.derived ? ' · derived' + (p.via ? ' via ' + nameOf(p.via) : '') : ''}`)])),
    section('Member of', list(n.memberships, (m) => [nodeLink(m.organization), h('span', { class: 'muted' }, [m.since && ` since ${m.since}`, m.until && ` until ${m.until}`].filter(Boolean).join(''))])),
    n.members.length > 0 && section(`Members (${n.members.length})`, list(n.members, (m) => nodeLink(m.actor))),
    sources(n),
  ],
  Source: (n) => [h('dl', { class: 'facts' }, field('Publisher', n.publisher), field('Date', n.date), field('Kind', n.kind.toLowerCase()), field('Document', external(n.url)))],
  CategoryInfo: (n) => [
    h('dl', { class: 'facts' }, field('Actors', n.actors), field('Objectives', n.objectives), field('Actions', n.actions), field('Impacts', n.impacts)),
    sources(n),
  ],
};

function plain(n) {
  return [h('dl', { class: 'facts' }, Object.entries(n).filter(([k, v]) => !k.startsWith('__') && (typeof v !== 'object' || v === null))
    .map(([k, v]) => field(k, String(v))))];
}

export default async function node(params, ctx) {
  const id = params.get('id');
  if (!id) return status('Which node? Search for one.', 'error');
  const d = await gql(QUERY, { id });
  const n = d.node;
  if (!n) { ctx.title('Not found'); return h('div', null, h('h1', null, 'Not found'), status(`Nothing has the id “${id}”.`, 'error')); }
  if (n.__typename === 'Initiative') { ctx.replace(href('initiative', { id })); return initiative(new URLSearchParams({ id }), ctx); }
  ctx.title(nameOf(n));
  const type = typeOf(n);
  return h('article', { class: 'node', 'data-id': n.id },
    h('h1', null, badge(type), ' ', nameOf(n)),
    h('p', { class: 'actions' }, h('code', null, n.id), ' · ', link(href('graph', { root: n.id }), 'Graph around it')),
    (RENDER[n.__typename] ?? plain)(n));
}
