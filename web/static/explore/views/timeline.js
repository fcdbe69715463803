// A timeline (Query.timeline): initiatives by adoption date and source documents by date,
// grouped by year, between optional from and to dates.
import { gql, all } from '../api.js';
import { h, href, status } from '../dom.js';
import { NAME_FIELDS, nodeLink, typeOf } from '../types.js';
import { go } from '../app.js';

const QUERY = `query Timeline($from: Date, $to: Date, $after: String) {
  timeline(from: $from, to: $to, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { date node { ...Name } } }
  }
}
${NAME_FIELDS}`;

export default async function timeline(params, ctx) {
  const from = params.get('from') || null;
  const to = params.get('to') || null;
  const docs = params.get('docs') === '1';
  ctx.title('Timeline');
  const form = h('form', { class: 'controls', onsubmit: (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    go(href('timeline', { from: fd.get('from'), to: fd.get('to'), docs: fd.get('docs') ? '1' : '' }));
  } },
  h('label', null, 'From ', h('input', { name: 'from', value: from ?? '', placeholder: 'YYYY[-MM[-DD]]', size: 11, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' })),
  h('label', null, 'To ', h('input', { name: 'to', value: to ?? '', placeholder: 'YYYY[-MM[-DD]]', size: 11, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' })),
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'docs', checked: docs }), ' Source documents too'),
  h('button', { type: 'submit' }, 'Show'));

  const entries = (await all((after) => gql(QUERY, { from, to, after }).then((d) => d.timeline), 2000))
    .filter((e) => docs || e.node.__typename === 'Initiative');
  const years = new Map();
  for (const e of entries) {
    const y = e.date.slice(0, 4);
    if (!years.has(y)) years.set(y, []);
    years.get(y).push(e);
  }
  return h('div', { class: 'timeline-view' }, h('h1', null, 'Timeline'), form,
    entries.length ? h('ol', { class: 'timeline', id: 'timeline' }, [...years].map(([y, es]) => h('li', null,
      h('h2', null, y),
      h('ul', null, es.map((e) => h('li', { 'data-id': e.node.id, class: typeOf(e.node).toLowerCase() }, h('time', { datetime: e.date }, e.date), ' ', nodeLink(e.node)))))))
      : status('Nothing dated in that range.'));
}
