// The programme's dashboard, for every role: totals, each partner's share as a bar chart, planned
// against actual per action, unvalued contributions and, for the roles that may read budgets, the
// funding checks that fail. Every figure comes from the API's totals and budget documents; the page
// only formats them (and adds or subtracts cents exactly for the gaps).
import { api, ApiError, describeError } from '../api.js';
import { h, notice } from '../dom.js';
import { field } from '../forms.js';
import { formatEuros, ratioPercent, toCents, formatDecimalFr } from '../decimal.js';
import { CHECK_LABELS, KIND_LABELS, KINDS, STATUS_LABELS, frUnvaluedReason } from '../labels.js';
import { actionLabel, partnerName, programmeYears } from '../setup-model.js';
import { fillBusy, noProgramme, section } from './common.js';
import { frDate, indicatorsPanel, targetsPanel } from './indicators-panel.js';

const BUDGET_ROLES = ['coordinator', 'treasurer', 'auditor'];

/** The filters survive navigation within the session (not a reload). */
let filters = { year: '', status: 'actual', include: 'active' };
let filtersProgramme = '';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Tableau de bord');
  if (filtersProgramme !== setup.id) {
    filters = { year: '', status: 'actual', include: 'active' };
    filtersProgramme = setup.id;
  }
  const body = h('div', { class: 'dashboard-body', 'aria-live': 'polite' });

  const form = h(
    'form',
    { class: 'filters card', 'aria-label': 'Période et périmètre des totaux' },
    h(
      'div',
      { class: 'filter-grid' },
      field({ name: 'year', label: 'Année', options: programmeYears(setup).map((y) => [y, y]), placeholderOption: 'Toute la période', value: filters.year }),
      field({ name: 'status', label: 'Contributions', options: [['actual', 'Réalisées'], ['planned', 'Prévisionnelles']], value: filters.status }),
      field({ name: 'include', label: 'Comptées', options: [['active', 'Toutes (en attente et validées)'], ['validated', 'Validées seulement']], value: filters.include }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-secondary' }, 'Afficher')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    filters = { year: String(data.get('year') ?? ''), status: String(data.get('status') ?? 'actual'), include: String(data.get('include') ?? 'active') };
    void load();
  });

  async function load() {
    if (!setup) return;
    await fillBusy(body, () => sections(ctx, setup));
  }
  await load();

  return h(
    'section',
    { class: 'page page-wide' },
    h('h1', null, 'Tableau de bord'),
    h('p', { class: 'lead' }, setup.name, setup.territory ? ` — ${setup.territory}` : ''),
    form,
    body,
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 */
async function sections(ctx, setup) {
  const base = `/programmes/${encodeURIComponent(setup.id)}`;
  const year = filters.year || undefined;
  const [actual, planned, budget, progress] = await Promise.all([
    api(`${base}/totals`, { query: { status: 'actual', year, include: filters.include } }),
    api(`${base}/totals`, { query: { status: 'planned', year, include: filters.include } }),
    BUDGET_ROLES.includes(ctx.me.role) ? loadBudget(base, year) : Promise.resolve(null),
    loadProgress(base),
  ]);
  const shown = filters.status === 'planned' ? planned : actual;
  const statusWord = filters.status === 'planned' ? 'prévisionnelles' : 'réalisées';
  const scope = `${filters.year ? `en ${filters.year}` : 'sur toute la période'}${filters.include === 'validated' ? ', validées seulement' : ''}`;
  return [
    keyFigures(shown, statusWord, scope),
    partnerShares(ctx, setup, shown, statusWord, scope),
    byKind(shown),
    plannedActual(setup, planned, actual, scope),
    unvalued(ctx, setup, shown),
    budget === null ? null : checks(budget),
    ...progressPanels(setup, progress),
    provenance(shown),
  ];
}

/**
 * Progress against the targets of service hours and the actions' indicators, today (issue 15).
 * Not filtered by the totals' year or status: a target is read on a date, not over a period.
 * @param {string} base
 */
async function loadProgress(base) {
  try {
    const [service, indicators] = await Promise.all([api(`${base}/service`), api(`${base}/indicators`)]);
    return { service, indicators };
  } catch (error) {
    // Like the budget: the dashboard stays useful without them, and says why they are missing.
    return { unavailable: describeError(error) };
  }
}

/** @param {import('../setup-model.js').Setup} setup @param {any} progress */
function progressPanels(setup, progress) {
  if (progress.unavailable) return [section('Objectifs et indicateurs', notice('error', progress.unavailable))];
  const { service, indicators } = progress;
  return [targetsPanel(setup, service.targets, service.date), indicatorsPanel(setup, indicators.indicators, { id: 'panel-indicators', title: `Indicateurs des actions au ${frDate(indicators.date)}`, linkActions: true })];
}


/** @param {string} base @param {string | undefined} year */
async function loadBudget(base, year) {
  try {
    return await api(`${base}/budget`, { query: { year, status: filters.status, include: filters.include } });
  } catch (error) {
    // Budgets are a separate part of the server; the dashboard stays useful without them.
    return { unavailable: error instanceof ApiError ? describeError(error) : 'indisponible' };
  }
}

/** @param {any} totals @param {string} statusWord @param {string} scope */
function keyFigures(totals, statusWord, scope) {
  let inKind = 0n;
  let cash = 0n;
  // A partner's document carries the other partners as one published line (`others`, docs/api.md, Confidentialité).
  for (const p of [...(totals.byPartner ?? []), ...(totals.others ? [totals.others] : [])]) {
    inKind += toCents(p.inKind);
    cash += toCents(p.cash);
  }
  const figure = (/** @type {string} */ label, /** @type {string} */ value, /** @type {string} */ testid) =>
    h('div', { class: 'figure' }, h('p', { class: 'figure-label' }, label), h('p', { class: 'figure-value', dataset: { testid } }, value));
  return h(
    'section',
    { class: 'figures', 'aria-label': `Chiffres clés des contributions ${statusWord} ${scope}` },
    figure(`Total des contributions ${statusWord}`, formatEuros(totals.total), 'total'),
    figure('dont en nature (valorisé)', formatEuros(inKind), 'in-kind'),
    figure('dont en numéraire', formatEuros(cash), 'cash'),
    'others' in totals
      ? figure('Chiffres des autres partenaires', totals.others ? `publication ${totals.others.publication.id}` : 'non publiés', 'others-publication')
      : figure('Partenaires contributeurs', String((totals.byPartner ?? []).length), 'partners'),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 * @param {any} totals
 * @param {string} statusWord
 * @param {string} scope
 */
function partnerShares(ctx, setup, totals, statusWord, scope) {
  /** @type {any[]} */
  const rows = [...(totals.byPartner ?? [])].sort((a, b) => {
    const d = toCents(b.total) - toCents(a.total);
    return d > 0n ? 1 : d < 0n ? -1 : a.partnerId.localeCompare(b.partnerId);
  });
  // For a partner: the others as one line, as of the latest publication (never named one by one).
  if (totals.others) rows.push({ ...totals.others, partnerId: null });
  if (rows.length === 0) return section('Part de chaque partenaire', h('p', { class: 'empty' }, `Aucune contribution ${statusWord} ${scope}.`));
  const max = rows.reduce((m, r) => (toCents(r.total) > m ? toCents(r.total) : m), 0n);
  return section(
    'Part de chaque partenaire',
    h('p', { class: 'hint' }, `Contributions ${statusWord} ${scope}, en nature et en numéraire. Les parts font 100 % au total.`),
    h(
      'ul',
      { class: 'bars' },
      rows.map((p) => {
        const mine = ctx.me.role === 'partner' && ctx.me.partnerId === p.partnerId;
        return h(
          'li',
          { class: mine ? 'bar-row mine' : 'bar-row', dataset: { partner: p.partnerId ?? 'others' } },
          p.partnerId === null
            ? h('span', { class: 'bar-label' }, 'Autres partenaires', h('span', { class: 'hint' }, ` (publication ${p.publication.id})`))
            : h('span', { class: 'bar-label' }, partnerName(setup, p.partnerId), mine ? h('span', { class: 'you' }, ' (vous)') : ''),
          h(
            'span',
            { class: 'bar-track', 'aria-hidden': 'true' },
            h('span', { class: 'bar-fill', style: `width: ${ratioPercent(toCents(p.total), max)}%` }),
          ),
          h(
            'span',
            { class: 'bar-figures' },
            h('span', { class: 'bar-amount' }, formatEuros(p.total)),
            ' · ',
            h('span', { class: 'bar-share', dataset: { testid: 'share' } }, `${formatDecimalFr(p.share)}\u00a0%`),
          ),
        );
      }),
    ),
  );
}

/** @param {any} totals */
function byKind(totals) {
  const kinds = KINDS.filter((k) => totals.byKind && totals.byKind[k] && toCents(totals.byKind[k]) !== 0n);
  if (kinds.length === 0) return null;
  // A partner's byKind covers its own contributions only (the others are one published line).
  const own = 'others' in totals;
  const sum = kinds.reduce((t, k) => t + toCents(totals.byKind[k]), 0n);
  return section(
    own ? 'Vos contributions par nature' : 'Par nature de contribution',
    h(
      'table',
      { class: 'data compact' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Nature'), h('th', { scope: 'col', class: 'num' }, 'Valeur'))),
      h('tbody', null, kinds.map((k) => h('tr', null, h('th', { scope: 'row' }, KIND_LABELS[k] ?? k), h('td', { class: 'num' }, formatEuros(totals.byKind[k]))))),
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, 'Total'), h('td', { class: 'num' }, own ? formatEuros(sum) : formatEuros(totals.total)))),
    ),
  );
}

/**
 * @param {import('../setup-model.js').Setup} setup
 * @param {any} planned
 * @param {any} actual
 * @param {string} scope
 */
function plannedActual(setup, planned, actual, scope) {
  const ids = new Set([...setup.actions.map((a) => a.id), ...Object.keys(planned.byAction ?? {}), ...Object.keys(actual.byAction ?? {})]);
  const rows = [...ids]
    .map((id) => ({ id, planned: toCents(planned.byAction?.[id] ?? '0'), actual: toCents(actual.byAction?.[id] ?? '0') }))
    .filter((r) => r.planned !== 0n || r.actual !== 0n || setup.actions.some((a) => a.id === r.id));
  if (rows.length === 0) return section('Prévu et réalisé par action', h('p', { class: 'empty' }, 'Aucune action ni contribution pour l’instant.'));
  let max = 1n;
  for (const r of rows) for (const v of [r.planned, r.actual]) if (v > max) max = v;
  const order = (/** @type {string} */ id) => setup.actions.find((a) => a.id === id)?.number ?? Number.MAX_SAFE_INTEGER;
  rows.sort((a, b) => order(a.id) - order(b.id));
  return section(
    'Prévu et réalisé par action',
    h('p', { class: 'hint' }, `Valeur ${'others' in actual ? 'de vos contributions' : 'des contributions'} prévisionnelles et réalisées ${scope}. L’écart est réalisé moins prévu.`),
    h(
      'table',
      { class: 'data responsive planned-actual' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col', class: 'num' }, 'Prévu'), h('th', { scope: 'col', class: 'num' }, 'Réalisé'), h('th', { scope: 'col', class: 'num' }, 'Écart'), h('th', { scope: 'col', 'aria-hidden': 'true' }, 'Comparaison'))),
      h(
        'tbody',
        null,
        rows.map((r) => {
          const gap = r.actual - r.planned;
          return h(
            'tr',
            { dataset: { action: r.id } },
            h('th', { scope: 'row', dataset: { label: 'Action' } }, actionLabel(setup, r.id)),
            h('td', { class: 'num', dataset: { label: 'Prévu' } }, formatEuros(r.planned)),
            h('td', { class: 'num', dataset: { label: 'Réalisé' } }, formatEuros(r.actual)),
            h('td', { class: `num ${gap < 0n ? 'negative' : ''}`, dataset: { label: 'Écart' } }, `${gap > 0n ? '+' : ''}${formatEuros(gap)}`),
            h(
              'td',
              { class: 'mini-bars', 'aria-hidden': 'true' },
              h('span', { class: 'mini-bar planned', style: `width: ${ratioPercent(r.planned, max)}%` }),
              h('span', { class: 'mini-bar actual', style: `width: ${ratioPercent(r.actual, max)}%` }),
            ),
          );
        }),
      ),
    ),
    h('p', { class: 'legend', 'aria-hidden': 'true' }, h('span', { class: 'swatch planned' }), ' prévu ', h('span', { class: 'swatch actual' }), ' réalisé'),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 * @param {any} totals
 */
function unvalued(ctx, setup, totals) {
  // A partner sees its own only: it can do nothing about the others' (nor should it learn of them).
  const partner = ctx.me.role === 'partner';
  /** @type {any[]} */
  const items = (totals.unvalued ?? []).filter((/** @type {any} */ u) => !partner || u.partnerId === ctx.me.partnerId);
  if (items.length === 0) return section('Contributions non valorisées', h('p', { class: 'ok-text' }, partner ? 'Toutes vos contributions comptées ont une valeur.' : 'Toutes les contributions comptées ont une valeur.'));
  const shown = items.slice(0, 50);
  return section(
    `Contributions non valorisées (${items.length})`,
    h('p', { class: 'hint' }, 'Elles sont enregistrées mais aucun taux ne s’applique : elles ne comptent dans aucun total tant que la coordination n’a pas fixé de taux.'),
    h(
      'ul',
      { class: 'plain-list unvalued-list' },
      shown.map((u) => {
        const label = `${!partner && u.partnerId ? `${partnerName(setup, u.partnerId)} : ` : ''}${frUnvaluedReason(u.reason ?? '')}`;
        return h('li', null, h('a', { href: `#/contribution/${encodeURIComponent(u.contributionId)}` }, label));
      }),
    ),
    items.length > shown.length ? h('p', null, `… et ${items.length - shown.length} autres.`) : null,
  );
}

/**
 * The failed funding checks of the budget document (projections/funding-checks.ts), each with the
 * figures on both sides and the server's own sentence.
 * @param {any} budget
 */
function checks(budget) {
  if (budget.unavailable) return section('Contrôles de financement', h('p', { class: 'hint' }, `Budget indisponible. ${budget.unavailable}`));
  /** @type {any[]} */
  const all = Array.isArray(budget.checks) ? budget.checks : [];
  if (all.length === 0) return null;
  const failed = all.filter((c) => c.passed === false);
  const applicant = budget.scope?.applicant?.name;
  return section(
    `Contrôles de financement : ${failed.length === 0 ? 'tous satisfaits' : `${failed.length} en échec`}`,
    failed.length === 0
      ? h('p', { class: 'ok-text' }, `Les ${all.length} contrôles du budget sont satisfaits.`)
      : h(
          'ul',
          { class: 'checks' },
          failed.map((c) =>
            h(
              'li',
              { class: 'check-failed', dataset: { check: c.id } },
              h('p', { class: 'check-name' }, `${c.number ? `${c.number}. ` : ''}${c.label ?? CHECK_LABELS[c.id] ?? c.id}`, c.status ? ` (${(STATUS_LABELS[c.status] ?? c.status).toLowerCase()})` : ''),
              h('ul', { class: 'check-sides' }, [c, c.second].filter(Boolean).flatMap((pair) => [side(c, pair.left), side(c, pair.right)]).filter(Boolean)),
              checkDetail(c),
            ),
          ),
        ),
    h(
      'p',
      { class: 'hint' },
      `Budget du programme${applicant ? ` présenté par ${applicant}` : ''}. Le détail de chaque contrôle figure dans le classeur «\u00a0budget\u00a0», onglet Contrôles.`,
    ),
  );
}

/**
 * The server's sentence, except for the valuation check: that one names contributions by id and in
 * the workbook's words, where the list above names them by partner, in the form's words, with links.
 * @param {any} check
 */
function checkDetail(check) {
  if (check.id === 'valorisation') return h('p', { class: 'check-detail' }, 'Elles sont listées plus haut, sous «\u00a0Contributions non valorisées\u00a0» : chacune attend un taux.');
  return check.detail ? h('p', { class: 'check-detail' }, check.detail) : null;
}

/**
 * One side of a check: its label and amount (a count for the valuation check, euros otherwise).
 * @param {any} check
 * @param {any} side
 */
function side(check, side) {
  if (!side || typeof side.amount !== 'string') return null;
  const amount = check.id === 'valorisation' || !/^-?\d+(\.\d+)?$/.test(side.amount) ? side.amount : formatEuros(side.amount);
  return h('li', null, `${side.label ?? ''} : ${amount}`);
}

/** @param {any} totals */
function provenance(totals) {
  if (!totals.asOf) return null;
  return h(
    'p',
    { class: 'provenance' },
    `Calculé à la position ${totals.asOf.position} du registre (empreinte ${String(totals.asOf.headHash ?? '').slice(0, 12)}…). `,
    'Rien n’est jamais effacé : chaque chiffre peut être recalculé tel qu’il était à cette position.',
  );
}

