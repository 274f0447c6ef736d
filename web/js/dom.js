// Building the pages with DOM calls only: text goes in as text (never innerHTML), so a partner's
// description can never inject markup into the coordinator's page.

/**
 * @typedef {Node | string | number | null | undefined | false} Child
 * @typedef {Record<string, any>} Attrs
 */

/**
 * h('button', { type: 'button', onclick }, 'Valider')
 * Attributes: `class`, `dataset`, `on<event>` listeners, booleans (true → present, false → absent);
 * `value` and `checked` are set as properties after the children (a select needs its options first).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  /** @type {Attrs} */
  const late = {};
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'value' || key === 'checked') late[key] = value;
    else if (key === 'class') el.className = String(value);
    // Through the CSSOM: the page's Content-Security-Policy forbids inline style attributes.
    else if (key === 'style') el.style.cssText = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  for (const [key, value] of Object.entries(late)) /** @type {any} */ (el)[key] = value;
  return el;
}

/**
 * @param {Element} parent
 * @param {Array<Child | Child[]>} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/**
 * @param {Element} el
 * @param {...(Child | Child[])} children
 */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let idCounter = 0;
/** A unique element id, for label/for and aria-describedby pairs. @param {string} prefix */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** The polite live region of the shell: screen readers hear what just happened. @param {string} text */
export function announce(text) {
  const region = document.getElementById('announce');
  if (!region) return;
  // Clearing first makes the same message heard again when repeated.
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/**
 * A status message shown in the page (and heard): kind 'ok' or 'error'.
 * @param {'ok' | 'error' | 'info'} kind
 * @param {string | Node} content
 */
export function notice(kind, content) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, content);
}

/** A date-time of the ledger in French local time: "12/03/2024 14:05". @param {string} iso */
export function frDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** @type {{ kind: 'ok' | 'error' | 'info', content: string | Node } | null} */
let flash = null;

/**
 * A message for the next page rendered (after a redirection), shown once.
 * @param {'ok' | 'error' | 'info'} kind
 * @param {string | Node} content
 */
export function setFlash(kind, content) {
  flash = { kind, content };
}

/** The pending message as a notice, or null; consumes it. */
export function takeFlash() {
  const f = flash;
  flash = null;
  return f ? notice(f.kind, f.content) : null;
}
