// One contribution: its current content and value, every step of its history (who, when, why,
// what changed), and what the signed-in role may do with it: correct, withdraw, validate, reject.
import { api, ApiError, describeError } from '../api.js';
import { h, notice, replaceChildren, setFlash, takeFlash, frDateTime, announce } from '../dom.js';
import { contributionForm } from '../contribution-form.js';
import { normalizeContribution, CONTENT_KEYS } from '../contribution-model.js';
import { formatDecimalFr, formatEuros } from '../decimal.js';
import { EVENT_LABELS, FIELD_LABELS, ROLE_LABELS, frDate, frUnvaluedReason } from '../labels.js';
import { actionLabel, partnerName, siteName } from '../setup-model.js';
import { decide, focusFirstField, reasonForm } from '../review-actions.js';
import { kindText, noProgramme, periodText, quantityText, reviewBadge, section, statusText, valueText } from './common.js';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Contribution');
  const [id = '', mode] = ctx.params;
  const path = `/programmes/${encodeURIComponent(setup.id)}/contributions/${encodeURIComponent(id)}`;
  const contribution = normalizeContribution(await api(path));
  const c = contribution.content;
  const final = contribution.review === 'withdrawn' || contribution.review === 'rejected';
  const mayChange = !final && (ctx.me.role === 'coordinator' || (ctx.me.role === 'partner' && ctx.me.partnerId === c.partnerId));
  const heading = `Contribution du ${periodText(c)} — ${kindText(c.kind)}`;

  if (mode === 'correction') {
    await ctx.reloadSetup();
    if (!mayChange) return h('section', { class: 'page' }, h('h1', null, heading), notice('error', 'Cette contribution ne peut plus être corrigée.'));
    const form = contributionForm({
      ctx,
      initial: c,
      correction: { id: contribution.id, version: contribution.version },
      onSaved(answer) {
        const value = typeof answer?.value === 'string' ? ` Nouvelle valeur : ${formatEuros(answer.value)}.` : '';
        setFlash('ok', `Correction enregistrée.${value} Elle attend de nouveau la validation de la coordination.`);
        ctx.go(`#/contribution/${encodeURIComponent(contribution.id)}`);
      },
    });
    return h(
      'section',
      { class: 'page' },
      h('h1', null, `Corriger la contribution du ${periodText(c)}`),
      h('p', { class: 'lead' }, 'La version actuelle reste dans l’historique : la correction la remplace pour les calculs, avec son motif.'),
      h('p', null, h('a', { href: `#/contribution/${encodeURIComponent(contribution.id)}` }, 'Revenir à la contribution sans corriger')),
      form,
    );
  }

  const decisionArea = h('div', { class: 'decision-area' });
  const status = h('div', { class: 'form-status' });

  /** @param {'withdrawal' | 'validation' | 'rejection'} decision @param {string} [reason] */
  async function send(decision, reason) {
    try {
      await decide(setup?.id ?? '', contribution.id, decision, { expectedVersion: contribution.version, ...(reason !== undefined && { reason }) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setFlash('error', 'La contribution a changé entre-temps : voici sa version actuelle. Vérifiez-la avant de décider.');
        ctx.go(`#/contribution/${encodeURIComponent(contribution.id)}`);
        return;
      }
      throw error;
    }
    const said = { withdrawal: 'Contribution retirée.', validation: 'Contribution validée.', rejection: 'Contribution rejetée.' }[decision];
    setFlash('ok', said);
    announce(said);
    ctx.go(`#/contribution/${encodeURIComponent(contribution.id)}`);
  }

  /** @param {'withdrawal' | 'rejection'} decision */
  function askReason(decision) {
    const form = reasonForm({
      label: decision === 'withdrawal' ? 'Motif du retrait' : 'Motif du rejet',
      submitLabel: decision === 'withdrawal' ? 'Confirmer le retrait' : 'Confirmer le rejet',
      onSubmit: (reason) => send(decision, reason),
      onCancel: () => decisionArea.replaceChildren(),
    });
    replaceChildren(decisionArea, form);
    focusFirstField(form);
  }

  const buttons = [];
  if (mayChange) {
    buttons.push(h('a', { href: `#/contribution/${encodeURIComponent(contribution.id)}/correction`, class: 'button-link' }, 'Corriger'));
    buttons.push(h('button', { type: 'button', class: 'button-secondary', onclick: () => askReason('withdrawal') }, 'Retirer…'));
  }
  if (ctx.me.role === 'coordinator' && contribution.review === 'pending') {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          class: 'button-primary',
          onclick: (/** @type {Event} */ e) => {
            const button = /** @type {HTMLButtonElement} */ (e.currentTarget);
            button.disabled = true;
            send('validation').catch((error) => {
              button.disabled = false;
              replaceChildren(status, notice('error', describeError(error)));
            });
          },
        },
        'Valider',
      ),
    );
    buttons.push(h('button', { type: 'button', class: 'button-secondary', onclick: () => askReason('rejection') }, 'Rejeter…'));
  }

  const valueDetail =
    contribution.value === null
      ? h('span', null, 'non valorisée', contribution.unvaluedReason ? ` (${frUnvaluedReason(contribution.unvaluedReason)})` : '')
      : h(
          'span',
          null,
          h('strong', null, formatEuros(contribution.value)),
          contribution.rateAmount && c.quantity ? ` = ${quantityText(c)} × ${formatDecimalFr(contribution.rateAmount)}\u00a0€` : '',
          contribution.rateBasis ? h('span', { class: 'hint-inline' }, ` — ${contribution.rateBasis}`) : '',
        );

  /** @type {Array<[string, any]>} */
  const rows = [
    ['Partenaire', partnerName(setup, c.partnerId)],
    ['Nature', kindText(c.kind)],
    ['Statut', statusText(c.status)],
    ['Date', periodText(c)],
    [c.amount !== undefined ? 'Montant' : 'Quantité', quantityText(c)],
    ['Valeur', valueDetail],
    ['Validation', reviewBadge(contribution.review)],
  ];
  if (c.role) rows.push(['Fonction', c.role]);
  if (c.rate) rows.push(['Taux particulier', `${formatDecimalFr(c.rate)}\u00a0€ — ${c.rateBasis ?? ''}`]);
  if (c.actionId) rows.push(['Action', actionLabel(setup, c.actionId)]);
  if (c.siteId) rows.push(['Lieu', siteName(setup, c.siteId)]);
  if (c.taxBasis) rows.push(['HT ou TTC', c.taxBasis]);
  if (c.vatRecoverable !== undefined) rows.push(['TVA récupérable', c.vatRecoverable ? 'oui' : 'non']);
  if (c.description) rows.push(['Description', c.description]);
  if (c.evidence) rows.push(['Justificatif', c.evidence]);
  rows.push(['Version', String(contribution.version)]);

  return h(
    'section',
    { class: 'page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/contributions' }, ctx.me.role === 'partner' ? '← Mes contributions' : '← Contributions')),
    h('h1', null, heading),
    takeFlash(),
    status,
    section('Contenu actuel', h('dl', { class: 'facts' }, rows.flatMap(([term, value]) => [h('dt', null, term), h('dd', null, value)]))),
    buttons.length > 0 ? h('div', { class: 'actions contribution-actions' }, buttons) : null,
    decisionArea,
    section('Historique', historyList(ctx, contribution)),
  );
}

/**
 * Every step, oldest first, with what changed from the content before it.
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../contribution-model.js').Contribution} contribution
 */
function historyList(ctx, contribution) {
  if (contribution.history.length === 0) return h('p', null, 'Historique indisponible.');
  /** @type {import('../contribution-model.js').Content | undefined} */
  let before;
  return h(
    'ol',
    { class: 'timeline' },
    contribution.history.map((entry) => {
      const changes = entry.type === 'ContributionCorrected' && before && entry.content ? diff(ctx, before, entry.content) : [];
      if (entry.content) before = entry.content;
      return h(
        'li',
        { class: `timeline-${entry.type}` },
        h(
          'p',
          { class: 'timeline-head' },
          h('strong', null, EVENT_LABELS[entry.type] ?? entry.type),
          ` le ${frDateTime(entry.recordedAt)}`,
          entry.actor ? ` par ${entry.actor}` : '',
          entry.role ? ` (${ROLE_LABELS[entry.role] ?? entry.role})` : '',
        ),
        entry.reason ? h('p', null, h('span', { class: 'fixed-label' }, 'Motif : '), entry.reason) : null,
        changes.length > 0 ? h('ul', { class: 'changes' }, changes.map((text) => h('li', null, text))) : null,
      );
    }),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {any} before
 * @param {any} after
 */
function diff(ctx, before, after) {
  /** @type {string[]} */
  const changes = [];
  for (const key of CONTENT_KEYS) {
    if (key === 'unit') continue;
    const a = before[key];
    const b = after[key];
    if (a === b) continue;
    changes.push(`${FIELD_LABELS[key] ?? key} : ${show(ctx, key, a)} → ${show(ctx, key, b)}`);
  }
  return changes;
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {string} key
 * @param {any} value
 */
function show(ctx, key, value) {
  if (value === undefined || value === null || value === '') return '(vide)';
  const setup = ctx.setup;
  switch (key) {
    case 'quantity':
    case 'rate':
      return formatDecimalFr(value);
    case 'amount':
      return formatEuros(value);
    case 'date':
    case 'until':
      return frDate(value);
    case 'kind':
      return kindText(value);
    case 'status':
      return statusText(value);
    case 'partnerId':
      return setup ? partnerName(setup, value) : value;
    case 'actionId':
      return setup ? actionLabel(setup, value) : value;
    case 'siteId':
      return setup ? siteName(setup, value) : value;
    case 'vatRecoverable':
      return value ? 'oui' : 'non';
    default:
      return String(value);
  }
}
