// The explorer: one page, one view per path under /explore, everything a view shows encoded in
// its URL (so every view can be shared), every datum read from the public /graphql API.
import { h, status } from './dom.js';
import { APIError } from './api.js';
import search from './views/search.js';
import initiative from './views/initiative.js';
import node from './views/node.js';
import graph from './views/graph.js';
import overlaps from './views/overlaps.js';
import compare from './views/compare.js';
import timeline from './views/timeline.js';

// A view is async (params, ctx) => Element | void; ctx.main is the element to fill,
// ctx.title(t) sets the page title, ctx.replace(url) rewrites the URL without a history entry.
const VIEWS = { '': search, search, initiative, node, graph, overlaps, compare, timeline };

const main = document.getElementById('main');
let generation = 0;

async function render() {
  const gen = ++generation;
  const view = location.pathname.replace(/^\/explore\/?/, '').replace(/\/$/, '');
  const params = new URLSearchParams(location.search);
  for (const a of document.querySelectorAll('header nav a[data-view]')) {
    if (a.dataset.view === (view || 'search')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const fn = VIEWS[view];
  main.replaceChildren(status('Loading…'));
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    main,
    stale: () => gen !== generation,
    title: (t) => { document.title = `${t} · normgraph explorer`; },
    replace: (url) => history.replaceState(null, '', url),
  };
  try {
    if (!fn) {
      ctx.title('Not found');
      main.replaceChildren(h('h1', null, 'No such view'), status(`There is no view “${view}”.`, 'error'));
      return;
    }
    const el = await fn(params, ctx);
    if (ctx.stale()) return;
    if (el) main.replaceChildren(el);
  } catch (e) {
    if (ctx.stale()) return;
    // A failed request is the server's answer, shown to the user; anything else is a bug here.
    if (e instanceof APIError) console.warn(e.message); else console.error(e);
    main.replaceChildren(h('h1', null, 'Something went wrong'),
      status(e instanceof APIError ? e.message : 'The view could not be shown.', 'error'));
  } finally {
    if (!ctx.stale()) {
      main.removeAttribute('aria-busy');
      document.body.dataset.view = view || 'search';
      document.body.dataset.ready = String(gen);
    }
  }
}

// go navigates inside the explorer without reloading.
export function go(url) {
  history.pushState(null, '', url);
  render().then(() => { window.scrollTo(0, 0); main.focus({ preventScroll: true }); });
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin || !/^\/explore(\/|$)/.test(url.pathname)) return;
  e.preventDefault();
  go(url.pathname + url.search);
});
window.addEventListener('popstate', render);
render();

