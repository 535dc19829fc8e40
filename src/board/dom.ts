// Tiny DOM builder: every piece of log text goes in as a text node, never as HTML.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** An element with attributes (on* keys become listeners) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A link that only ever points at http(s): anything else becomes plain text. */
export function safeLink(href: string | undefined, text: string): HTMLElement {
  if (href && /^https?:\/\//i.test(href)) return h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, text);
  return h('span', {}, text);
}

/** A labelled <select> of `options` (value, text), calling `onChange` with the new value. */
export function select(label: string, id: string, options: readonly (readonly [string, string])[], value: string, onChange: (value: string) => void): HTMLElement {
  const el = h('select', { id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) }, ...options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)));
  return h('label', { for: id }, `${label} `, el);
}
