// A few DOM helpers. Text always goes in as text nodes (never HTML), and no style attributes are
// written (the Content-Security-Policy forbids inline styles; colours are set through el.style).

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  add(el, children);
  return el;
}

export function add(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// href builds an explorer URL: /explore/<view>?k=v&k=v (arrays repeat the key).
export function href(view, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of [].concat(v ?? [])) if (x !== '' && x != null) q.append(k, String(x));
  }
  const s = q.toString();
  return '/explore' + (view ? '/' + view : '') + (s ? '?' + s : '');
}

export const link = (url, ...children) => h('a', { href: url }, ...children);

export function section(title, ...children) {
  return h('section', { 'aria-label': title }, h('h2', null, title), ...children);
}

export function status(text, cls = 'status') {
  return h('p', { class: cls, role: cls === 'error' ? 'alert' : 'status' }, text);
}

// external links open the document itself, outside the explorer.
export const external = (url, text) => h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, text ?? url);

export function dateText(d) {
  return d ?? 'date unknown';
}
