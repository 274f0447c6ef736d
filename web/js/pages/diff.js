// « Ce qui a changé » (issue 16): what GET /api/programmes/:p/diff answers between two stamps — a
// position of the log or a date — shown in French: every totals figure and budget line that
// differs (before, after, écart) and the events that made each difference. An auditor holding a
// workbook stamped N comes here from the workbooks page (#/diff?from=N) and sees what moved since.
// The stamps ride in the address, so that the page can be reloaded or sent as it stands.
import { api, ApiError, describeError } from '../api.js';
import { formatEuros } from '../decimal.js';
import { BAD_STAMP, figureLabel, stampOfTyped, typedOfStamp } from '../diff-model.js';
import { frDateTime, h, notice, replaceChildren } from '../dom.js';
import { clearErrors, errorSummary, field, showErrors, valueOf, whileBusy } from '../forms.js';
import { ROLE_LABELS, frDate } from '../labels.js';
import { signedEuros } from '../scenario-model.js';
import { partnerName } from '../setup-model.js';
import { noProgramme, section } from './common.js';

const TITLE = 'Ce qui a changé';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, TITLE);
  const results = h('div', { class: 'diff-results', 'aria-live': 'polite' });
  const form = stampForm(ctx.query);
  /** @param {string} from @param {string} to */
  const load = async (from, to) => {
    replaceChildren(results, notice('info', 'Comparaison en cours…'));
    try {
      const answer = await api(`/programmes/${encodeURIComponent(setup.id)}/diff`, { query: { from, to } });
      clearErrors(form);
      replaceChildren(results, diffBody(answer, setup));
    } catch (error) {
      replaceChildren(results);
      if (error instanceof ApiError && error.status === 400) showErrors(form, onStampFields(error, from));
      else replaceChildren(results, notice('error', describeError(error)));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problems = [];
    const from = stampOfTyped(valueOf(form, 'from'));
    const to = stampOfTyped(valueOf(form, 'to'));
    if (from === '') problems.push({ path: 'from', message: 'indiquez une position du registre ou une date' });
    if (from === null) problems.push({ path: 'from', message: BAD_STAMP });
    if (to === null) problems.push({ path: 'to', message: BAD_STAMP });
    if (problems.length > 0 || from === null || to === null) return showErrors(form, null, problems);
    // The address says what is shown (replaceState: no hashchange, the page stays as it is).
    history.replaceState(null, '', `#/diff?${new URLSearchParams(to ? { from, to } : { from })}`);
    void whileBusy(form, () => load(from, to));
  });
  const asked = { from: ctx.query.get('from') ?? '', to: ctx.query.get('to') ?? '' };
  if (asked.from) await load(asked.from, asked.to);
  return h(
    'section',
    { class: 'page' },
    h('h1', null, TITLE),
    h('p', { class: 'lead' }, 'Entre deux tampons du registre (la position ou la date qu’indique la feuille Provenance d’un classeur), chaque chiffre des totaux et du budget qui a bougé, et les événements qui l’ont fait bouger.'),
    form,
    results,
  );
}

/** @param {URLSearchParams} query */
function stampForm(query) {
  const hint = 'Une position du registre (par exemple 42) ou une date au format JJ/MM/AAAA.';
  return h(
    'form',
    { class: 'filters card', 'aria-label': 'Tampons à comparer', novalidate: true },
    errorSummary(),
    h(
      'div',
      { class: 'filter-grid' },
      field({ name: 'from', label: 'Depuis', required: true, hint, value: typedOfStamp(query.get('from') ?? ''), attrs: { autocomplete: 'off' } }),
      field({ name: 'to', label: 'Jusqu’à', hint: `${hint} Vide : le registre tel qu’il est maintenant.`, value: typedOfStamp(query.get('to') ?? ''), attrs: { autocomplete: 'off' } }),
    ),
    h('button', { type: 'submit', class: 'button-primary' }, 'Comparer'),
  );
}

/**
 * A position beyond the head is refused on `query.asOf` (the reads' check): it belongs to the
 * field that holds the position too far, the first one above the head the message names.
 * @param {ApiError} error @param {string} from
 */
function onStampFields(error, from) {
  const errors = error.errors.map((e) => {
    if (e.path !== 'query.asOf') return e;
    const head = Number(/(\d+)/.exec(e.message)?.[1] ?? Number.NaN);
    const path = /^\d+$/.test(from) && !(Number(from) <= head) ? 'from' : 'to';
    return { path, message: `position au plus ${Number.isNaN(head) ? '' : head} : le registre n’en compte pas plus` };
  });
  return new ApiError(error.status, error.message, errors);
}

/** @param {any} answer @param {import('../setup-model.js').Setup} setup */
function diffBody(answer, setup) {
  const budget = Array.isArray(answer.budget) ? answer.budget : null;
  const nothing = answer.totals.length === 0 && (budget?.length ?? 0) === 0 && answer.events.length === 0;
  return h(
    'div',
    null,
    h('p', { class: 'provenance', id: 'diff-stamps' }, `Depuis ${stampText(answer.from)} jusqu’à ${stampText(answer.to)}.`),
    nothing
      ? notice('info', 'Rien n’a changé dans les totaux ni dans le budget entre ces deux tampons.')
      : [
          section('Totaux', answer.totals.length > 0 ? figureTable('Chiffres des totaux qui ont changé', 'diff-totals', answer.totals, setup) : h('p', null, 'Aucun chiffre des totaux n’a changé.')),
          section('Budget', budgetPart(answer.budget, budget, setup)),
          section('Événements', eventTable(answer.events, setup)),
        ],
  );
}

/** "la position 12 (empreinte 3fa1…)", or "le 31/01/2025, soit la position 12 (…)". @param {any} stamp */
function stampText(stamp) {
  const position = `la position ${stamp.position} (empreinte ${String(stamp.headHash).slice(0, 12)}…)`;
  if (!stamp.asked) return position;
  const asked = /^\d{4}-\d{2}-\d{2}$/.test(stamp.asked.date) ? `le ${frDate(stamp.asked.date)}` : `le ${frDateTime(stamp.asked.date)}`;
  return `${asked}, soit ${position}`;
}

/** @param {any} raw @param {any[] | null} lines @param {import('../setup-model.js').Setup} setup */
function budgetPart(raw, lines, setup) {
  if (!lines) return h('p', null, `Pas de budget à comparer : ${raw.unavailable}`);
  if (lines.length === 0) return h('p', null, 'Aucune ligne du budget n’a changé.');
  return figureTable('Lignes du budget qui ont changé', 'diff-budget', lines, setup);
}

/**
 * @param {string} caption @param {string} id
 * @param {{ key: string, label: string, from: string, to: string, difference: string, events: number[] }[]} figures
 * @param {import('../setup-model.js').Setup} setup
 */
function figureTable(caption, id, figures, setup) {
  const head = ['Chiffre', 'Avant', 'Après', 'Écart', 'Événements'];
  return h(
    'table',
    { class: 'data responsive diff-figures', id },
    h('caption', null, caption),
    h('thead', null, h('tr', null, head.map((label, i) => h('th', { scope: 'col', class: i > 0 && i < 4 ? 'num' : undefined }, label)))),
    h(
      'tbody',
      null,
      figures.map((f) =>
        h(
          'tr',
          { dataset: { figure: f.key } },
          h('th', { scope: 'row', dataset: { label: 'Chiffre' } }, figureLabel(f.key, f.label, setup)),
          h('td', { class: 'num', dataset: { label: 'Avant', value: f.from } }, formatEuros(f.from)),
          h('td', { class: 'num', dataset: { label: 'Après', value: f.to } }, formatEuros(f.to)),
          h('td', { class: 'num', dataset: { label: 'Écart', difference: f.difference } }, signedEuros(f.difference)),
          h('td', { dataset: { label: 'Événements', events: f.events.join(' ') } }, eventLinks(f.events)),
        ),
      ),
    ),
  );
}

/** Links to the events' rows below (in-page: the hash router must not see them). @param {number[]} positions */
function eventLinks(positions) {
  if (positions.length === 0) return '—';
  return positions.flatMap((p, i) => [
    i > 0 ? ', ' : '',
    h('a', { href: `#diff-event-${p}`, onclick: (/** @type {Event} */ e) => goToEvent(e, p) }, h('span', { class: 'visually-hidden' }, 'événement à la position '), `n°\u00a0${p}`),
  ]);
}

/** @param {Event} event @param {number} position */
function goToEvent(event, position) {
  event.preventDefault();
  const row = document.getElementById(`diff-event-${position}`);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.focus();
}

/** @param {any[]} events @param {import('../setup-model.js').Setup} setup */
function eventTable(events, setup) {
  if (events.length === 0) return h('p', null, 'Aucun événement n’a changé de chiffre.');
  const head = ['Position', 'Enregistré le', 'Changement', 'Contribution', 'Partenaire', 'Auteur', 'Motif', 'Effet sur le prévu', 'Effet sur le réalisé'];
  const table = h(
    'table',
    { class: 'data responsive diff-events', id: 'diff-events' },
    h('caption', null, 'Événements qui ont fait ces différences, avec leur effet en euros'),
    h('thead', null, h('tr', null, head.map((label, i) => h('th', { scope: 'col', class: i >= 7 ? 'num' : undefined }, label)))),
    h('tbody', null, events.map((e) => eventRow(e, setup))),
  );
  // Nine columns may not fit a narrow window: the table scrolls within its card, by keyboard too.
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Événements (défile horizontalement)' }, table);
}

/** @param {any} e @param {import('../setup-model.js').Setup} setup */
function eventRow(e, setup) {
  const change = `${e.change.charAt(0).toUpperCase()}${e.change.slice(1)}`;
  const role = ROLE_LABELS[/** @type {keyof typeof ROLE_LABELS} */ (e.role)] ?? e.role;
  return h(
    'tr',
    { id: `diff-event-${e.position}`, tabindex: '-1', dataset: { position: String(e.position), change: e.change } },
    h('th', { scope: 'row', dataset: { label: 'Position' } }, `n°\u00a0${e.position}`),
    h('td', { dataset: { label: 'Enregistré le' } }, frDateTime(e.recordedAt)),
    h('td', { dataset: { label: 'Changement' } }, change),
    h('td', { dataset: { label: 'Contribution' } }, e.contributionId ? h('a', { href: `#/contribution/${encodeURIComponent(e.contributionId)}` }, e.contributionId) : '—'),
    h('td', { dataset: { label: 'Partenaire' } }, e.partnerId ? partnerName(setup, e.partnerId) : '—'),
    h('td', { dataset: { label: 'Auteur' } }, `${e.actor} (${role})`),
    h('td', { dataset: { label: 'Motif' } }, e.reason ?? '—'),
    h('td', { class: 'num', dataset: { label: 'Effet sur le prévu', effect: e.effect.planned } }, signedEuros(e.effect.planned)),
    h('td', { class: 'num', dataset: { label: 'Effet sur le réalisé', effect: e.effect.actual } }, signedEuros(e.effect.actual)),
  );
}
