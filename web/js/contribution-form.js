// The contribution form, for recording and for correcting. Choosing the kind sets the unit; the
// value the current rate gives is shown before sending, computed exactly (decimal.js here) from the
// programme's rates; the server's field errors land next to their fields.
import { h } from './dom.js';
import { post } from './api.js';
import { dateField, errorSummary, field, frToIso, radios, readDate, showErrors, valueOf, whileBusy } from './forms.js';
import { formatDecimalFr, formatEuros, normalizeDecimalInput } from './decimal.js';
import { KIND_LABELS, KINDS, STATUS_LABELS, UNIT_LABELS, UNIT_OF_KIND, frDate, isMoneyKind, quoted, unitAfter } from './labels.js';
import { newId } from './ids.js';
import { previewValue } from './valuation.js';

/**
 * @typedef {import('./contribution-model.js').Content} Content
 * @typedef {{ ctx: import('./app.js').Ctx, initial?: Content,
 *   correction?: { id: string, version: number },
 *   onSaved: (answer: any, content: Content) => void }} FormOptions
 */

/**
 * @param {FormOptions} options
 * @returns {HTMLFormElement}
 */
export function contributionForm(options) {
  const { ctx, initial, correction } = options;
  const setup = ctx.setup;
  if (!setup) throw new Error('no programme');
  const me = ctx.me;
  const fixedPartner = me.role === 'partner' ? me.partnerId : undefined;
  // Kept until the server accepts this form's content: a retry records nothing twice.
  let requestId = newId();

  const partnerField = fixedPartner
    ? h('p', { class: 'fixed-value' }, h('span', { class: 'fixed-label' }, 'Partenaire : '), setup.partners.find((p) => p.id === fixedPartner)?.name ?? fixedPartner)
    : field({
        name: 'partnerId',
        label: 'Partenaire',
        required: true,
        options: setup.partners.map((p) => [p.id, p.name]),
        placeholderOption: '— choisir —',
        value: initial?.partnerId ?? '',
      });

  const kindField = field({
    name: 'kind',
    label: 'Nature de la contribution',
    required: true,
    options: KINDS.map((k) => [k, KIND_LABELS[k] ?? k]),
    placeholderOption: '— choisir —',
    value: initial?.kind ?? '',
    hint: 'La nature fixe l’unité de mesure : heures, demi-journées, jours, mois ou euros.',
  });

  const unitOutput = h('output', { class: 'unit-output', id: 'unit-output', 'aria-live': 'polite' }, '—');
  const quantityField = field({
    name: 'quantity',
    label: 'Quantité',
    required: true,
    value: initial?.quantity ? formatDecimalFr(initial.quantity) : '',
    attrs: { inputmode: 'decimal', autocomplete: 'off' },
    hint: 'Nombre d’unités ; la virgule est acceptée (2,5).',
  });
  const amountField = field({
    name: 'amount',
    label: 'Montant (en euros)',
    required: true,
    value: initial?.amount ? formatDecimalFr(initial.amount) : '',
    attrs: { inputmode: 'decimal', autocomplete: 'off' },
    hint: 'Par exemple 1 250,00.',
  });
  const unitLine = h('p', { class: 'unit-line' }, h('span', { class: 'fixed-label' }, 'Unité : '), unitOutput);

  const rolesList = h('datalist', { id: `roles-${requestId}` });
  const roleField = field({
    name: 'role',
    label: 'Fonction (facultatif)',
    value: initial?.role ?? '',
    hint: 'Certains taux dépendent de la fonction (par exemple «\u00a0médiateur\u00a0»).',
    attrs: { list: rolesList.id, autocomplete: 'off' },
  });

  const taxFields = h(
    'div',
    { class: 'field-row' },
    field({ name: 'taxBasis', label: 'Montant HT ou TTC', options: [['HT', 'HT (hors taxes)'], ['TTC', 'TTC (toutes taxes comprises)']], placeholderOption: '— non précisé —', value: initial?.taxBasis ?? '' }),
    field({
      name: 'vatRecoverable',
      label: 'TVA récupérable',
      options: [['true', 'Oui'], ['false', 'Non']],
      placeholderOption: '— non précisé —',
      value: initial?.vatRecoverable === undefined ? '' : String(initial.vatRecoverable),
    }),
  );

  const ownRate = h(
    'details',
    { class: 'own-rate', open: Boolean(initial?.rate) },
    h('summary', null, 'Utiliser un taux particulier (facultatif)'),
    h('p', { class: 'hint' }, 'Par défaut, le taux du programme s’applique. Un taux particulier doit être justifié (fiche de paie, délibération…).'),
    h(
      'div',
      { class: 'field-row' },
      field({ name: 'rate', label: 'Taux (en euros par unité)', value: initial?.rate ? formatDecimalFr(initial.rate) : '', attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
      field({ name: 'rateBasis', label: 'Justification du taux', value: initial?.rateBasis ?? '' }),
    ),
  );

  const preview = h('div', { class: 'value-preview', 'aria-live': 'polite', id: `preview-${requestId}` });

  const form = h(
    'form',
    { class: 'form card contribution-form', novalidate: true },
    errorSummary(),
    partnerField,
    kindField,
    radios({ name: 'status', legend: 'Statut', options: [['actual', `${STATUS_LABELS.actual} (fait, acquis)`], ['planned', `${STATUS_LABELS.planned} (engagement, sollicité)`]], value: initial?.status ?? 'actual', required: true }),
    h(
      'div',
      { class: 'field-row' },
      dateField({ name: 'date', label: 'Date (ou début de la période)', required: true, value: initial?.date ?? '', hint: `du ${frDate(setup.startsOn)} au ${frDate(setup.endsOn)}.` }),
      dateField({ name: 'until', label: 'Jusqu’au (facultatif)', value: initial?.until ?? '', hint: 'pour une période de plusieurs jours.' }),
    ),
    unitLine,
    h('div', { class: 'field-row' }, quantityField, amountField),
    roleField,
    rolesList,
    taxFields,
    ownRate,
    h(
      'div',
      { class: 'field-row' },
      field({ name: 'actionId', label: 'Action (facultatif)', options: setup.actions.map((a) => [a.id, `${a.number}. ${a.title}`]), placeholderOption: '— aucune —', value: initial?.actionId ?? '' }),
      field({ name: 'siteId', label: 'Lieu (facultatif)', options: setup.sites.map((s) => [s.id, s.name]), placeholderOption: '— aucun —', value: initial?.siteId ?? '' }),
    ),
    field({ name: 'description', label: 'Description (facultatif)', type: 'textarea', value: initial?.description ?? '', attrs: { maxlength: 2000 } }),
    field({ name: 'evidence', label: 'Justificatif (facultatif)', value: initial?.evidence ?? '', hint: 'Référence de la feuille de temps, de la facture, de la convention…', attrs: { maxlength: 2000 } }),
    correction ? field({ name: 'reason', label: 'Motif de la correction', required: true, type: 'textarea', attrs: { maxlength: 200, rows: 2 } }) : null,
    preview,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-primary' }, correction ? 'Enregistrer la correction' : 'Enregistrer la contribution')),
  );

  const partnerOf = () => fixedPartner ?? valueOf(form, 'partnerId');

  /** Shows the fields the kind needs, the unit, the roles known for it, and the value preview. */
  function update() {
    const kind = valueOf(form, 'kind');
    const money = kind !== '' && isMoneyKind(kind);
    const unit = kind ? (UNIT_OF_KIND[kind] ?? '') : '';
    unitOutput.textContent = unit ? (UNIT_LABELS[unit] ?? unit) : 'choisissez d’abord la nature';
    quantityField.hidden = money;
    amountField.hidden = !money;
    // The label's first node is its text (the required mark follows it).
    const quantityText = quantityField.querySelector('label')?.firstChild;
    if (quantityText) quantityText.textContent = unit && !money ? `Quantité (en ${UNIT_LABELS[unit]})` : 'Quantité';
    ownRate.hidden = money;
    roleField.hidden = money;
    taxFields.hidden = kind !== 'prestation';
    const partnerId = partnerOf();
    const roles = new Set(setup?.rates.filter((r) => r.kind === kind && r.role && (!r.partnerId || r.partnerId === partnerId)).map((r) => /** @type {string} */ (r.role)));
    rolesList.replaceChildren(...[...roles].sort().map((r) => h('option', { value: r })));
    renderPreview(kind, unit);
  }

  /**
   * @param {string} kind
   * @param {string} unit
   */
  function renderPreview(kind, unit) {
    if (!kind) {
      preview.replaceChildren(h('p', { class: 'preview-empty' }, 'Choisissez la nature et la quantité : la valeur s’affichera ici avant l’enregistrement.'));
      return;
    }
    const quantity = normalizeDecimalInput(valueOf(form, 'quantity'));
    const amount = normalizeDecimalInput(valueOf(form, 'amount'));
    const rate = normalizeDecimalInput(valueOf(form, 'rate'));
    const draft = {
      partnerId: partnerOf(),
      kind,
      unit,
      date: frToIso(valueOf(form, 'date')) ?? '',
      role: valueOf(form, 'role') || undefined,
      quantity: quantity ?? undefined,
      amount: amount ?? undefined,
      rate: rate ?? undefined,
    };
    if (setup && draft.date && (draft.date < setup.startsOn || draft.date > setup.endsOn)) {
      // No rate is "in force" outside the programme: the server will refuse the date, say it now.
      preview.replaceChildren(
        h('p', { class: 'preview-title' }, 'Valeur'),
        h('p', { class: 'preview-warning' }, `Le ${frDate(draft.date)} est hors de la période du programme (du ${frDate(setup.startsOn)} au ${frDate(setup.endsOn)}) : choisissez une date dans cette période.`),
      );
      return;
    }
    const result = previewValue(draft, setup?.rates ?? []);
    const heading = h('p', { class: 'preview-title' }, correction ? 'Valeur après correction' : 'Valeur au taux en vigueur');
    if (result.cents === null) {
      const why =
        result.reason === 'no-rate'
          ? `Aucun taux ${quoted(KIND_LABELS[kind])} ne s’applique au ${frDate(draft.date)} : la contribution sera enregistrée mais non valorisée, jusqu’à ce que la coordination fixe un taux.`
          : isMoneyKind(kind)
            ? 'Saisissez le montant.'
            : 'Saisissez la quantité et la date pour voir la valeur.';
      preview.replaceChildren(heading, h('p', { class: result.reason === 'no-rate' ? 'preview-warning' : 'preview-empty' }, why));
      return;
    }
    /** @type {string} */
    let how = '';
    if (!isMoneyKind(kind) && draft.quantity) {
      const perUnit = result.own ? draft.rate : result.rate?.amount;
      how = `${formatDecimalFr(draft.quantity)}\u00a0${unitAfter(draft.quantity, unit)} × ${formatDecimalFr(perUnit ?? '')}\u00a0€ = `;
    }
    const basis = result.own
      ? 'Taux particulier de cette contribution.'
      : result.rate
        ? `Taux ${quoted(result.rate.basis)}, en vigueur depuis le ${frDate(result.rate.validFrom)}${result.rate.validUntil ? ` jusqu’au ${frDate(result.rate.validUntil)}` : ''}.`
        : 'Montant saisi.';
    preview.replaceChildren(
      heading,
      h('p', { class: 'preview-value' }, how, h('strong', { class: 'preview-amount', dataset: { testid: 'preview-amount' } }, formatEuros(result.cents))),
      h('p', { class: 'hint' }, basis, ' Valeur arrondie au centime ; le serveur la confirme à l’enregistrement.'),
    );
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { content, problems } = readContent();
    if (correction && !valueOf(form, 'reason')) problems.push({ path: 'reason', message: 'à renseigner' });
    if (problems.length > 0 || !content) {
      showErrors(form, null, problems);
      return;
    }
    void whileBusy(form, async () => {
      const base = `/programmes/${encodeURIComponent(setup.id)}/contributions`;
      try {
        const answer = correction
          ? await post(`${base}/${encodeURIComponent(correction.id)}/corrections`, { expectedVersion: correction.version, reason: valueOf(form, 'reason'), ...content })
          : await post(base, { id: requestId, ...content });
        requestId = newId();
        options.onSaved(answer, content);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });

  /** The content to send, and what is wrong before even asking the server. */
  function readContent() {
    /** @type {{ path: string, message: string }[]} */
    const problems = [];
    const kind = valueOf(form, 'kind');
    const partnerId = partnerOf();
    if (!partnerId) problems.push({ path: 'partnerId', message: 'à choisir' });
    if (!kind) problems.push({ path: 'kind', message: 'à choisir' });
    const date = readDate(form, 'date', problems);
    if (date === '') problems.push({ path: 'date', message: 'à renseigner' });
    const until = readDate(form, 'until', problems);
    if (!kind) return { content: null, problems };
    /** @type {any} */
    const content = { partnerId, kind, status: valueOf(form, 'status') || 'actual', date, unit: UNIT_OF_KIND[kind] };
    /** @param {string} name */
    const decimal = (name) => {
      const typed = valueOf(form, name);
      if (!typed) return undefined;
      const normalized = normalizeDecimalInput(typed);
      if (normalized === null) problems.push({ path: name, message: 'nombre attendu, par exemple 12,5 (6 décimales au plus)' });
      return normalized ?? undefined;
    };
    if (isMoneyKind(kind)) {
      content.amount = decimal('amount');
      if (!valueOf(form, 'amount')) problems.push({ path: 'amount', message: 'à renseigner' });
    } else {
      content.quantity = decimal('quantity');
      if (!valueOf(form, 'quantity')) problems.push({ path: 'quantity', message: 'à renseigner' });
      content.rate = decimal('rate');
      if (valueOf(form, 'rateBasis')) content.rateBasis = valueOf(form, 'rateBasis');
      if (valueOf(form, 'role')) content.role = valueOf(form, 'role');
    }
    if (kind === 'prestation') {
      if (valueOf(form, 'taxBasis')) content.taxBasis = valueOf(form, 'taxBasis');
      const vat = valueOf(form, 'vatRecoverable');
      if (vat) content.vatRecoverable = vat === 'true';
    }
    if (until) content.until = until;
    for (const name of ['actionId', 'siteId', 'description', 'evidence']) {
      const value = valueOf(form, name);
      if (value) content[name] = value;
    }
    for (const key of Object.keys(content)) if (content[key] === undefined) delete content[key];
    return { content: /** @type {Content} */ (content), problems };
  }

  return form;
}
