// What the explorer knows about each node type of the API: a label, a colour and shape for the
// graph, the page that shows one, and the GraphQL fields that name it. A type the API adds later
// works with the defaults; adding it here gives it its own colour, name and details.
import { h, href, link } from './dom.js';

export const TYPES = {
  INITIATIVE: { label: 'Initiative', color: '#1d3557', shape: 'round-rectangle', page: (id) => href('initiative', { id }) },
  NORM: { label: 'Norm', color: '#e76f51', shape: 'ellipse' },
  THEME: { label: 'Theme', color: '#2a9d8f', shape: 'diamond' },
  ACTOR: { label: 'Actor', color: '#8d99ae', shape: 'ellipse' },
  SOURCE: { label: 'Source', color: '#c9a227', shape: 'rectangle' },
  CATEGORY: { label: 'Category', color: '#6a4c93', shape: 'hexagon' },
};

const DEFAULT = { color: '#999999', shape: 'ellipse' };

export function typeInfo(type) {
  const t = TYPES[type] ?? { ...DEFAULT, label: type[0] + type.slice(1).toLowerCase() };
  return { page: (id) => href('node', { id }), ...t };
}

// The norm categories, coloured in the graph when colouring by category.
export const CATEGORIES = {
  OFFENSIVE: { label: 'Offensive', color: '#c1121f' },
  DEFENSIVE: { label: 'Defensive', color: '#2a9d8f' },
  INDUSTRY: { label: 'Industry', color: '#f4a261' },
};

// NAME_FIELDS is a fragment on Node that fetches what nameOf needs, for any type.
export const NAME_FIELDS = `
fragment Name on Node {
  __typename id
  ... on Initiative { name shortName adopted }
  ... on Norm { code title category initiative { __typename id name shortName } }
  ... on Theme { name }
  ... on Actor { name actorType: type }
  ... on Source { title date }
  ... on CategoryInfo { name }
}`;

// typeOf maps a GraphQL __typename to the NodeType enum.
export function typeOf(node) {
  return node.__typename === 'CategoryInfo' ? 'CATEGORY' : node.__typename.toUpperCase();
}

export function nameOf(n) {
  switch (n.__typename) {
    case 'Initiative': return n.shortName || n.name;
    case 'Norm': return `${n.initiative?.shortName ?? ''} ${n.code}: ${n.title}`.trim();
    case 'Source': return n.title;
    default: return n.name ?? n.title ?? n.id;
  }
}

export function badge(type) {
  const t = typeInfo(type);
  const b = h('span', { class: 'badge' }, t.label);
  b.style.backgroundColor = t.color;
  return b;
}

// nodeLink is a badge and a link to the node's page.
export function nodeLink(n, type = typeOf(n)) {
  return h('span', { class: 'node-link' }, badge(type), ' ', link(typeInfo(type).page(n.id), nameOf(n)));
}
