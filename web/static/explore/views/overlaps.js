// The overlap heat map: initiatives × initiatives, each cell the score of the chosen basis
// (Query.overlaps); a cell opens the evidence of that pair (Query.overlap) below the map.
import { gql, all } from '../api.js';
import { h, href, link, section, status } from '../dom.js';
import { nodeLink } from '../types.js';
import { go } from '../app.js';

const BASES = { COMBINED: 'combined', THEMES: 'themes', ACTORS: 'actors', CORRESPONDENCES: 'correspondences' };

const PAIRS = `query Overlaps($basis: OverlapBasis!, $after: String) {
  overlaps(basis: $basis, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { a { id } b { id } score themeScore actorScore correspondenceScore } }
  }
}`;
const INITIATIVES = `query Initiatives { initiatives(first: 100, orderBy: { field: ADOPTED }) { edges { node { __typename id name shortName adopted } } } }`;
const EVIDENCE = `query Overlap($a: ID!, $b: ID!) {
  overlap(a: $a, b: $b) {
    score themeScore actorScore correspondenceScore
    a { __typename id name shortName } b { __typename id name shortName }
    sharedThemes { theme { __typename id name } normsA { __typename id code title } normsB { __typename id code title } }
    sharedActorCount directActorCount derivedActorCount
    sharedActors(first: 30) { totalCount edges { node { derived actor { __typename id name actorType: type } } } }
    correspondences { kind basis rationale from { __typename id code title initiative { id shortName } } to { __typename id code title initiative { id shortName } } }
  }
}`;

const FIELD = { COMBINED: 'score', THEMES: 'themeScore', ACTORS: 'actorScore', CORRESPONDENCES: 'correspondenceScore' };

export default async function overlaps(params, ctx) {
  const basis = BASES[params.get('basis')] ? params.get('basis') : 'COMBINED';
  const a = params.get('a');
  const b = params.get('b');
  const only = params.get('initiative');
  ctx.title('Overlaps');

  const [inits, pairs] = await Promise.all([
    gql(INITIATIVES).then((d) => d.initiatives.edges.map((e) => e.node)),
    all((after) => gql(PAIRS, { basis, after }).then((d) => d.overlaps), 5000),
  ]);
  const score = new Map();
  for (const p of pairs) {
    const s = p[FIELD[basis]];
    score.set(p.a.id + ' ' + p.b.id, s);
    score.set(p.b.id + ' ' + p.a.id, s);
  }
  const rows = only ? inits.filter((i) => i.id === only) : inits;
  const max = Math.max(...pairs.map((p) => p[FIELD[basis]]), 0.0001);

  const choose = h('form', { class: 'controls', onsubmit: (e) => e.preventDefault() },
    h('label', null, 'Score basis ', h('select', { id: 'basis', onchange: (e) => go(href('overlaps', { basis: e.target.value, initiative: only, a, b })) },
      Object.entries(BASES).map(([k, v]) => h('option', { value: k, selected: k === basis }, v)))),
    only && link(href('overlaps', { basis }), 'Show every initiative'));

  const name = (i) => i.shortName || i.name;
  const table = h('table', { class: 'heatmap', id: 'heatmap' },
    h('caption', null, `Jaccard score (${BASES[basis]}) of each pair; darker is higher; a cell opens its evidence (Tab into the map, then the arrow keys).`),
    h('thead', null, h('tr', null, h('td'), inits.map((c) => h('th', { scope: 'col', title: c.name }, h('span', null, name(c)))))),
    h('tbody', null, rows.map((r) => h('tr', null, h('th', { scope: 'row', title: r.name }, link(href('initiative', { id: r.id }), name(r))),
      inits.map((c) => {
        const s = score.get(r.id + ' ' + c.id);
        if (r.id === c.id) return h('td', { class: 'self' });
        if (s == null) return h('td', { class: 'none' });
        const cell = h('td', { 'data-a': r.id, 'data-b': c.id },
          h('a', { href: href('overlaps', { basis, initiative: only, a: r.id, b: c.id }), 'aria-label': `${name(r)} and ${name(c)}: ${s.toFixed(2)}`, class: (r.id === a && c.id === b) ? 'current' : '' }, s.toFixed(2).replace(/^0/, '')));
        const t = s / max;
        cell.style.backgroundColor = `rgba(29, 53, 87, ${(0.08 + 0.92 * t).toFixed(3)})`;
        if (t > 0.5) cell.classList.add('dark');
        return cell;
      })))));

  roving(table);
  const page = h('div', { class: 'overlaps' }, h('h1', null, 'Overlaps between initiatives'), choose,
    h('p', { class: 'muted' }, `${pairs.length} pairs with something in common.`),
    h('div', { class: 'scroll' }, table));
  if (a && b) page.append(await evidence(a, b));
  return page;
}

async function evidence(a, b) {
  const d = await gql(EVIDENCE, { a, b });
  const o = d.overlap;
  if (!o) return section('Evidence', status(`${a} and ${b} have nothing in common in the dataset.`));
  const pct = (x) => x.toFixed(2);
  const norms = (ns) => ns.map((n, k) => [k ? ', ' : '', link(href('node', { id: n.id }), n.code)]);
  return h('section', { id: 'evidence', 'aria-label': 'Evidence', tabindex: '-1' },
    h('h2', null, 'Evidence: ', nodeLink(o.a), ' and ', nodeLink(o.b)),
    h('p', null, `Combined ${pct(o.score)} · themes ${pct(o.themeScore)} · actors ${pct(o.actorScore)} · correspondences ${pct(o.correspondenceScore)}`),
    h('p', { class: 'actions' }, link(href('compare', { i: [o.a.id, o.b.id], t: o.sharedThemes.map((s) => s.theme.id) }), 'Compare them theme by theme')),
    h('h3', null, `Shared themes (${o.sharedThemes.length})`),
    o.sharedThemes.length ? h('table', { class: 'evidence' }, h('thead', null, h('tr', null, h('th', null, 'Theme'), h('th', null, o.a.shortName || o.a.name), h('th', null, o.b.shortName || o.b.name))),
      h('tbody', null, o.sharedThemes.map((s) => h('tr', null, h('th', { scope: 'row' }, link(href('node', { id: s.theme.id }), s.theme.name)), h('td', null, norms(s.normsA)), h('td', null, norms(s.normsB))))))
      : h('p', { class: 'muted' }, 'None.'),
    h('h3', null, `Shared actors (${o.sharedActorCount}: ${o.directActorCount} direct, ${o.derivedActorCount} derived from membership)`),
    h('ul', { class: 'participants' }, o.sharedActors.edges.map(({ node: s }) => h('li', null, nodeLink(s.actor), s.derived ? h('span', { class: 'muted' }, ' derived') : ''))),
    o.sharedActors.totalCount > o.sharedActors.edges.length && h('p', { class: 'muted' }, `and ${o.sharedActors.totalCount - o.sharedActors.edges.length} more.`),
    h('h3', null, `Correspondences (${o.correspondences.length})`),
    o.correspondences.length ? h('ul', null, o.correspondences.map((c) => h('li', null,
      link(href('node', { id: c.from.id }), `${c.from.initiative.shortName} ${c.from.code}`), ` ${c.kind.toLowerCase()} `,
      link(href('node', { id: c.to.id }), `${c.to.initiative.shortName} ${c.to.code}`), h('span', { class: 'muted' }, ` (${c.basis.toLowerCase()}) ${c.rationale}`))))
      : h('p', { class: 'muted' }, 'None.'));
}

// roving puts one cell of the map in the tab order (the open pair's, else the first) and lets
// the arrow keys move between cells, so the map is one Tab stop rather than hundreds.
function roving(table) {
  const links = [...table.querySelectorAll('td > a')];
  for (const a of links) a.tabIndex = -1;
  const start = table.querySelector('td > a.current') ?? links[0];
  if (start) start.tabIndex = 0;
  const steps = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  table.addEventListener('keydown', (e) => {
    const from = e.target.closest('td > a');
    const step = steps[e.key];
    if (!from || !step) return;
    e.preventDefault();
    let r = from.parentElement.parentElement.rowIndex;
    let c = from.parentElement.cellIndex;
    for (;;) {
      r += step[0];
      c += step[1];
      const cell = table.rows[r]?.cells[c];
      if (!cell) return;
      const to = cell.tagName === 'TD' && cell.querySelector(':scope > a');
      if (to) {
        from.tabIndex = -1;
        to.tabIndex = 0;
        to.focus();
        return;
      }
    }
  });
}
