// Pieces that several views show the same way: official wording, guidance, sources.
import { h, external } from './dom.js';
import { nodeLink } from './types.js';

// GraphQL selections for these pieces.
export const QUOTE_FIELDS = 'quote { text locator source { title url kind } }';
export const GUIDANCE_FIELDS = 'guidance { text summary locator source { title url kind } initiative { __typename id name shortName } }';
export const SOURCE_FIELDS = 'id title url date publisher kind';

// source links a document, saying when it is not the issuer's own copy.
export function source(s) {
  return [external(s.url, s.title), s.kind && s.kind !== 'PRIMARY' ? h('span', { class: 'muted' }, ` (${s.kind.toLowerCase()})`) : ''];
}

export function quote(q) {
  if (!q) return h('p', { class: 'muted' }, 'No verbatim wording in the dataset.');
  return h('figure', null, h('blockquote', null, q.text),
    h('figcaption', null, '— ', source(q.source), q.locator ? `, ${q.locator}` : ''));
}

// guidance lists what later documents say about reading or implementing a norm.
export function guidance(list) {
  if (!list?.length) return null;
  return h('div', { class: 'guidance' }, h('h4', null, 'Guidance from later documents'),
    h('ul', null, list.map((g) => h('li', null, nodeLink(g.initiative), ` (${g.locator}): `,
      g.text ? h('q', null, g.text) : h('span', null, g.summary), ' — ', source(g.source)))));
}
