// The shell: sign-in state, the programme chooser, the navigation for the signed-in role, and a
// small hash router (#/tableau, #/contributions/ID…). Hashes carry only page names and ids: the
// token never appears in an address.
import { api, describeError, setUnauthorizedHandler } from './api.js';
import { announce, h, notice, replaceChildren } from './dom.js';
import { ROLE_LABELS } from './labels.js';
import { clearSession, getProgrammeId, getToken, setProgrammeId } from './session.js';
import { normalizeSetup } from './setup-model.js';
import * as signin from './pages/signin.js';
import * as dashboard from './pages/dashboard.js';
import * as record from './pages/record.js';
import * as contributions from './pages/contributions.js';
import * as detail from './pages/contribution.js';
import * as queue from './pages/queue.js';
import * as setupPage from './pages/setup.js';
import * as workbooks from './pages/workbooks.js';
import * as importPage from './pages/import.js';
import * as serviceHours from './pages/service-hours.js';
import * as actionPage from './pages/action.js';
import * as scenariosPage from './pages/scenarios.js';
import * as diffPage from './pages/diff.js';

/**
 * @typedef {{ role: 'coordinator' | 'partner' | 'treasurer' | 'auditor', partnerId?: string, name?: string }} Me
 * @typedef {{ me: Me, programmes: any[], programmeId: string | null,
 *   setup: import('./setup-model.js').Setup | null, params: string[], query: URLSearchParams,
 *   reloadSetup: () => Promise<void>, reloadProgrammes: () => Promise<void>, renderShell: () => void,
 *   go: (hash: string) => void }} Ctx
 * @typedef {{ render: (ctx: Ctx) => Promise<HTMLElement> }} Page
 */

/** @type {Array<{ path: string, label: (me: Me) => string, roles: string[], page: Page, nav: boolean }>} */
const ROUTES = [
  { path: 'tableau', label: () => 'Tableau de bord', roles: ['coordinator', 'partner', 'treasurer', 'auditor'], page: dashboard, nav: true },
  { path: 'validation', label: () => 'À valider', roles: ['coordinator'], page: queue, nav: true },
  { path: 'saisie', label: () => 'Nouvelle contribution', roles: ['partner', 'coordinator'], page: record, nav: true },
  { path: 'contributions', label: (me) => (me.role === 'partner' ? 'Mes contributions' : 'Contributions'), roles: ['coordinator', 'partner', 'treasurer', 'auditor'], page: contributions, nav: true },
  { path: 'contribution', label: () => 'Contribution', roles: ['coordinator', 'partner', 'treasurer', 'auditor'], page: detail, nav: false },
  { path: 'parametrage', label: () => 'Paramétrage', roles: ['coordinator'], page: setupPage, nav: true },
  { path: 'scenarios', label: () => 'Scénarios', roles: ['coordinator', 'treasurer', 'auditor'], page: scenariosPage, nav: true },
  { path: 'diff', label: () => 'Ce qui a changé', roles: ['coordinator', 'treasurer', 'auditor'], page: diffPage, nav: true },
  { path: 'classeurs', label: () => 'Classeurs', roles: ['coordinator', 'treasurer', 'auditor'], page: workbooks, nav: true },
  { path: 'import', label: () => 'Importer', roles: ['coordinator', 'partner'], page: importPage, nav: true },
  { path: 'heures', label: () => 'Heures de service', roles: ['coordinator', 'partner', 'treasurer', 'auditor'], page: serviceHours, nav: true },
  { path: 'action', label: () => 'Action', roles: ['coordinator', 'partner', 'treasurer', 'auditor'], page: actionPage, nav: false },
];

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const sessionBar = /** @type {HTMLElement} */ (document.getElementById('session-bar'));
const programmeBar = /** @type {HTMLElement} */ (document.getElementById('programme-bar'));

/** @type {Ctx | null} */
let ctx = null;
/** Each render gets a number; a slow page that finishes after the next navigation is dropped. */
let renderCount = 0;

/** "#/diff?from=3&to=9": the page, its ids, and what follows the "?" (a page's fields, as the diff's stamps). */
function currentRoute() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [route = '', search = ''] = hash.split(/\?(.*)/s);
  const [path = '', ...params] = route.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, params, query: new URLSearchParams(search) };
}

/** @param {string} hash */
function go(hash) {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

async function signedOut(message = '') {
  clearSession();
  ctx = null;
  // A page still loading belongs to the session just ended: it must not draw over the sign-in form.
  renderCount += 1;
  main.removeAttribute('aria-busy');
  nav.hidden = true;
  nav.replaceChildren();
  sessionBar.replaceChildren();
  programmeBar.replaceChildren();
  programmeBar.hidden = true;
  const page = await signin.render({ onSignedIn: start, message });
  replaceChildren(main, page);
  document.title = 'Connexion — Socle';
  if (location.hash) history.replaceState(null, '', location.pathname);
  focusHeading();
}

/** After sign-in or on reload with a token in the session. */
async function start() {
  try {
    const me = await api('/me');
    ctx = { me, programmes: [], programmeId: null, setup: null, params: [], query: new URLSearchParams(), reloadSetup, reloadProgrammes, renderShell, go };
    await reloadProgrammes();
    renderShell();
    if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/tableau');
    await route();
  } catch (error) {
    await signedOut(describeError(error));
  }
}

async function reloadProgrammes() {
  if (!ctx) return;
  const raw = await api('/programmes');
  const programmes = Array.isArray(raw) ? raw : (raw.programmes ?? raw.items ?? []);
  ctx.programmes = programmes.map((/** @type {any} */ p) => ({ ...p, id: p.programmeId ?? p.id }));
  const remembered = getProgrammeId();
  const chosen = ctx.programmes.find((p) => p.id === remembered) ?? ctx.programmes[0];
  ctx.programmeId = chosen ? chosen.id : null;
  if (ctx.programmeId) setProgrammeId(ctx.programmeId);
  await reloadSetup();
}

async function reloadSetup() {
  if (!ctx) return;
  ctx.setup = ctx.programmeId ? normalizeSetup(await api(`/programmes/${encodeURIComponent(ctx.programmeId)}`)) : null;
}

function renderShell() {
  if (!ctx) return;
  const { me } = ctx;
  const who = me.role === 'partner' && ctx.setup ? (ctx.setup.partners.find((p) => p.id === me.partnerId)?.name ?? me.partnerId) : me.name;
  const chooser =
    ctx.programmes.length > 0
      ? h(
          'div',
          { class: 'programme-chooser' },
          h('label', { for: 'programme-select' }, 'Programme'),
          h(
            'select',
            { id: 'programme-select', value: ctx.programmeId ?? '', onchange: onProgrammeChange },
            ctx.programmes.map((p) => h('option', { value: p.id }, p.name ?? p.id)),
          ),
        )
      : null;
  replaceChildren(programmeBar, chooser);
  programmeBar.hidden = chooser === null;
  replaceChildren(
    sessionBar,
    h('p', { class: 'who' }, h('span', { class: 'who-name' }, who ?? ''), ' ', h('span', { class: 'role-badge' }, ROLE_LABELS[me.role] ?? me.role)),
    h('button', { type: 'button', class: 'button-secondary', id: 'sign-out', onclick: () => void signOut() }, 'Se déconnecter'),
  );
  renderNav();
}

function renderNav() {
  if (!ctx) return;
  const me = ctx.me;
  const { path } = currentRoute();
  const items = ROUTES.filter((r) => r.nav && r.roles.includes(me.role));
  replaceChildren(
    nav,
    h(
      'ul',
      null,
      items.map((r) =>
        h('li', null, h('a', { href: `#/${r.path}`, 'aria-current': r.path === path || (path === 'contribution' && r.path === 'contributions') ? 'page' : undefined }, r.label(me))),
      ),
    ),
  );
  nav.hidden = false;
}

/** @param {Event} event */
async function onProgrammeChange(event) {
  if (!ctx) return;
  const select = /** @type {HTMLSelectElement} */ (event.target);
  ctx.programmeId = select.value;
  setProgrammeId(select.value);
  try {
    await reloadSetup();
  } catch (error) {
    replaceChildren(main, notice('error', describeError(error)));
    return;
  }
  renderShell();
  announce(`Programme : ${select.selectedOptions[0]?.textContent ?? select.value}`);
  // The page of a contribution belongs to the previous programme: go back to the dashboard.
  if (currentRoute().path === 'contribution' || currentRoute().path === 'action') go('#/tableau');
  else await route({ keepFocus: true });
}

async function signOut() {
  await signedOut();
  announce('Vous êtes déconnecté.');
}

function focusHeading() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

/** @param {{ keepFocus?: boolean }} [options] */
async function route(options = {}) {
  if (!ctx) return;
  const current = ctx;
  const me = current.me;
  const { path, params, query } = currentRoute();
  const found = ROUTES.find((r) => r.path === path && r.roles.includes(me.role));
  if (!found) {
    go('#/tableau');
    return;
  }
  renderNav();
  const mine = ++renderCount;
  main.setAttribute('aria-busy', 'true');
  current.params = params;
  current.query = query;
  let page;
  try {
    page = await found.page.render(current);
  } catch (error) {
    page = h('section', null, h('h1', null, found.label(me)), notice('error', describeError(error)));
  }
  // Dropped when another page was asked for meanwhile, or when the session ended (a 401, sign-out).
  if (mine !== renderCount || ctx !== current) return;
  main.removeAttribute('aria-busy');
  replaceChildren(main, page);
  const title = main.querySelector('h1')?.textContent ?? found.label(me);
  document.title = `${title} — Socle`;
  if (!options.keepFocus) focusHeading();
}

setUnauthorizedHandler(() => {
  void signedOut('Votre session n’est plus valable : reconnectez-vous avec votre jeton.');
});

window.addEventListener('hashchange', () => {
  // The skip link and in-page anchors use plain ids; only "#/…" is a page.
  if (location.hash.startsWith('#/')) void route();
});

document.getElementById('skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

if (getToken()) void start();
else void signedOut();
