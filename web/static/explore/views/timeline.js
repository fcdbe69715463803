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
    entries.length > 0 && overview(years),
    entries.length ? h('ol', { class: 'timeline', id: 'timeline' }, [...years].map(([y, es]) => h('li', null,
      h('h2', { id: 'year-' + y, tabindex: '-1' }, y),
      h('ul', null, es.map((e) => h('li', { 'data-id': e.node.id, class: typeOf(e.node).toLowerCase() }, h('time', { datetime: e.date }, e.date), ' ', nodeLink(e.node)))))))
      : status('Nothing dated in that range.'));
}

// overview is a bar per year from the first to the last, its height the number of entries; a
// bar links to that year in the list.
function overview(years) {
  const ys = [...years.keys()].map(Number);
  const max = Math.max(...[...years.values()].map((es) => es.length));
  const bars = [];
  for (let y = Math.min(...ys); y <= Math.max(...ys); y++) {
    const n = years.get(String(y))?.length ?? 0;
    const bar = h('span', { class: 'year-bar' });
    bar.style.height = `${(100 * n) / max}%`;
    const label = `${y}: ${n} ${n === 1 ? 'entry' : 'entries'}`;
    bars.push(n
      ? h('a', { href: '#year-' + y, title: label, 'aria-label': label, onclick: (e) => {
        e.preventDefault();
        const target = document.getElementById('year-' + y);
        target.scrollIntoView();
        target.focus({ preventScroll: true });
      } }, bar, h('span', { class: 'year' }, String(y).slice(2)))
      : h('span', { class: 'empty', title: label }, bar, h('span', { class: 'year' }, String(y).slice(2))));
  }
  return h('nav', { class: 'years', 'aria-label': 'Years' }, bars);
}
