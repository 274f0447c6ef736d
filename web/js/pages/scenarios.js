// "Scénarios" (#/scenarios, issue 16): the programme's what-if scenarios — each with its title,
// description, the ledger position (or date) it was drawn on, its status and its hypotheses — and
// all of them beside the real plan: totals, each partner's total and share, each kind, the funding
// plan's synthesis and its funding gap, with a difference column per scenario, then a chart of the
// headline figures labelled by a table of the same figures. The coordination drafts, copies, edits
// and archives scenarios here; the treasury and the audit read them (a partner may not: a scenario
// shows every partner's figures, docs/api.md « Scénarios »). Every figure is the API's decimal
// string; the page only formats it (decimal.js), never computes an amount in floats.
import { api, describeError, download } from '../api.js';
import { announce, h, notice, replaceChildren, takeFlash } from '../dom.js';
import { field, valueOf } from '../forms.js';
import { formatDecimalFr, formatEuros, toCents } from '../decimal.js';
import { frDate, quoted } from '../labels.js';
import { partnerName, programmeYears } from '../setup-model.js';
import { factText, figureRows, signedEuros, signedPoints } from '../scenario-model.js';
import { fillBusy, noProgramme, section } from './common.js';
import { comparisonChart } from './scenario-chart.js';
import { draftForm, removeFactForm, scenarioActions } from './scenario-actions.js';

/** The filters survive navigation within the session, as the dashboard's do. */
let filters = { year: '', status: 'planned', archived: false };
let filtersProgramme = '';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Scénarios');
  if (filtersProgramme !== setup.id) {
    filters = { year: '', status: 'planned', archived: false };
    filtersProgramme = setup.id;
  }
  const body = h('div', { class: 'scenarios-body', 'aria-live': 'polite' });
  const form = filtersForm(setup);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = { year: valueOf(form, 'year'), status: valueOf(form, 'status') || 'planned', archived: valueOf(form, 'archived') === 'on' };
    void load();
  });
  const flash = takeFlash();

  async function load() {
    if (!setup) return;
    await fillBusy(body, async () => sections(ctx, setup, await api(`/programmes/${encodeURIComponent(setup.id)}/scenarios`, { query: queryOf() })));
  }
  await load();

  return h(
    'section',
    { class: 'page page-wide' },
    h('h1', null, 'Scénarios'),
    h('p', { class: 'lead' }, `${setup.name} : des hypothèses à côté du plan réel. Rien de ce qui est saisi ici n’entre dans le registre des contributions ni dans ses totaux.`),
    flash,
    form,
    body,
  );
}

const queryOf = () => ({ year: filters.year || undefined, status: filters.status, includeArchived: filters.archived ? 'true' : undefined });

/** @param {import('../setup-model.js').Setup} setup */
function filtersForm(setup) {
  return h(
    'form',
    { class: 'filters card', 'aria-label': 'Période et statut de la comparaison' },
    h(
      'div',
      { class: 'filter-grid' },
      field({ name: 'year', label: 'Année', options: programmeYears(setup).map((y) => [y, y]), placeholderOption: 'Toute la période', value: filters.year }),
      field({ name: 'status', label: 'Contributions', options: [['planned', 'Prévisionnelles'], ['actual', 'Réalisées']], value: filters.status }),
      h('div', { class: 'field checkbox' }, h('input', { type: 'checkbox', id: 'scenarios-archived', name: 'archived', checked: filters.archived }), h('label', { for: 'scenarios-archived' }, 'Montrer aussi les scénarios archivés')),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-secondary' }, 'Afficher')),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 * @param {any} comparison
 */
function sections(ctx, setup, comparison) {
  const coordinator = ctx.me.role === 'coordinator';
  const scope = { ctx, setup, takenIds: comparison.scenarios.map((/** @type {any} */ s) => s.scenarioId) };
  const titles = new Map(comparison.scenarios.map((/** @type {any} */ s) => [s.scenarioId, s.title]));
  const period = `${comparison.scope.status === 'planned' ? 'contributions prévisionnelles' : 'contributions réalisées'}, ${comparison.scope.year !== undefined ? `année ${comparison.scope.year}` : 'toute la période'}`;
  return [
    section(
      `Scénarios du programme (${comparison.scenarios.length})`,
      comparison.scenarios.length === 0 ? h('p', { class: 'empty' }, coordinator ? 'Aucun scénario pour l’instant : créez-en un ci-dessous.' : 'Aucun scénario pour l’instant.') : h('ul', { class: 'scenario-list' }, comparison.scenarios.map((/** @type {any} */ s) => scenarioCard(coordinator ? scope : null, setup, s, titles))),
      coordinator ? draftForm(scope) : null,
    ),
    comparison.scenarios.length === 0 ? null : comparisonTable(comparison, period),
    comparison.scenarios.length === 0 ? null : section('Graphique : les chiffres clés de chaque plan', h('p', { class: 'hint' }, `${period}. Le tableau sous le graphique donne les mêmes chiffres.`), comparisonChart(comparison)),
    provenance(setup, comparison),
  ];
}

/**
 * One scenario: what it is, what it was drawn on, its hypotheses; the coordination's actions.
 * @param {import('./scenario-actions.js').Scope | null} scope  null for the roles that only read
 * @param {import('../setup-model.js').Setup} setup
 * @param {any} s
 * @param {Map<string, string>} titles  each scenario's title by id (a copy names its source)
 */
function scenarioCard(scope, setup, s, titles) {
  const drawnOn = `Établi sur le registre à la position ${s.base.position}${s.base.asOfDate ? ` (demandé au ${frDate(s.base.asOfDate)})` : ''}`;
  const headingId = `scenario-${s.scenarioId}`;
  return h(
    'li',
    { class: 'card scenario-card', dataset: { scenario: s.scenarioId }, 'aria-labelledby': headingId },
    h('h3', { id: headingId }, s.title, ' ', h('span', { class: s.archived ? 'badge badge-withdrawn' : 'badge badge-validated' }, s.archived ? 'archivé' : 'actif')),
    s.description ? h('p', { class: 'scenario-description' }, s.description) : null,
    h(
      'p',
      { class: 'hint scenario-base' },
      `${drawnOn}${s.copiedFrom ? ` ; copie de ${quoted(titles.get(s.copiedFrom) ?? s.copiedFrom)}` : ''}. `,
      // What the real ledger did since the scenario's base: the same roles read both pages.
      h('a', { href: `#/diff?from=${s.base.position}`, class: 'diff-link' }, `Ce qui a changé depuis la position ${s.base.position}`),
    ),
    h('p', { class: 'scenario-headline' }, `Total ${formatEuros(s.figures.total)} (${signedEuros(s.difference.total)} par rapport au plan réel) ; besoin de financement ${formatEuros(s.figures.funding.fundingGap)} (${signedEuros(s.difference.funding.fundingGap)}).`),
    h('h4', null, `Hypothèses (${s.facts.length})`),
    s.facts.length === 0
      ? h('p', { class: 'empty' }, 'Aucune hypothèse : le registre tel qu’il était à sa base.')
      : h(
          'ul',
          { class: 'plain-list scenario-facts' },
          s.facts.map((/** @type {any} */ f) => h('li', { dataset: { fact: f.factId } }, h('span', null, factText(f.fact, (id) => partnerName(setup, id))), scope && !s.archived ? removeFactForm(scope, s, f.factId) : null)),
        ),
    s.notes.length > 0 ? h('ul', { class: 'plain-list hint scenario-notes' }, s.notes.map((/** @type {string} */ n) => h('li', null, n))) : null,
    scope ? h('div', { class: 'scenario-actions' }, scenarioActions(scope, s)) : null,
  );
}

/**
 * The real plan and every scenario, figure by figure, with the difference columns. On a phone the
 * table becomes one card per figure (table.responsive), each cell named by its column.
 * @param {any} comparison @param {string} period
 */
function comparisonTable(comparison, period) {
  const head = ['Chiffre', 'Plan réel', ...comparison.scenarios.flatMap((/** @type {any} */ s) => [s.title, `Écart ${s.title}`])];
  const share = (/** @type {string | undefined} */ p) => (p === undefined ? null : h('span', { class: 'share' }, ` · ${formatDecimalFr(p)}\u00a0%`));
  const points = (/** @type {string | undefined} */ p) => (p === undefined ? null : h('span', { class: 'share' }, ` · ${signedPoints(p)}`));
  const rows = figureRows(comparison).map((r) =>
    h(
      'tr',
      { dataset: { figure: r.id } },
      h('th', { scope: 'row' }, r.label),
      h('td', { class: 'num', dataset: { label: 'Plan réel', value: r.real.value } }, formatEuros(r.real.value), share(r.real.share)),
      r.scenarios.flatMap((c, i) => {
        const title = comparison.scenarios[i].title;
        const negative = toCents(c.difference) < 0n;
        return [
          h('td', { class: 'num', dataset: { label: title, value: c.value.value } }, formatEuros(c.value.value), share(c.value.share)),
          h('td', { class: `num gap${negative ? ' negative' : ''}`, dataset: { label: `Écart ${title}`, difference: c.difference } }, signedEuros(c.difference), points(c.shareDifference)),
        ];
      }),
    ),
  );
  return section(
    'Comparaison avec le plan réel',
    h('p', { class: 'hint' }, `${period}. L’écart est le scénario moins le plan réel ; pour un partenaire, sa part du total suit son montant, et son écart en points.`),
    // Wider than the card with many scenarios: the table scrolls in its own region, which the keyboard reaches.
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Tableau de comparaison (défile horizontalement)' },
      h('table', { class: 'data responsive scenario-comparison' }, h('thead', null, h('tr', null, head.map((c, i) => h('th', { scope: 'col', class: i === 0 ? undefined : 'num' }, c)))), h('tbody', null, rows)),
    ),
  );
}

/** @param {import('../setup-model.js').Setup} setup @param {any} comparison */
function provenance(setup, comparison) {
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button-secondary', onclick: () => void save() }, 'Télécharger le classeur des scénarios', h('span', { class: 'visually-hidden' }, ' avec ces filtres'), ' (.xlsx)');
  async function save() {
    button.disabled = true;
    try {
      const name = await download(`/programmes/${encodeURIComponent(setup.id)}/scenarios.xlsx`, { ...queryOf(), asOf: comparison.asOf.position }, `scenarios-${setup.id}.xlsx`);
      replaceChildren(status, notice('ok', `Classeur des scénarios téléchargé (${name}).`));
      announce('Classeur des scénarios téléchargé.');
    } catch (error) {
      replaceChildren(status, notice('error', describeError(error)));
    } finally {
      button.disabled = false;
    }
  }
  return h(
    'div',
    { class: 'scenarios-provenance' },
    h('p', { class: 'provenance' }, `Plan réel à la position ${comparison.asOf.position} du registre (empreinte ${comparison.asOf.headHash.slice(0, 12)}…) ; chaque scénario : le registre à sa position de base, plus ses hypothèses.`),
    comparison.scenarios.length === 0 ? null : h('div', { class: 'actions' }, button),
    status,
  );
}
