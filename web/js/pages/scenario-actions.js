// What the coordination does with scenarios on their page (issue 16), each through the route the
// API gives (src/api/routes/scenarios-routes.ts): draft one on the ledger as it is (or as it was on
// a date), copy one, change its title and description, add or take out a hypothesis, archive it.
// Each form is a disclosure, says its errors next to its fields, and keeps the id it chose until the
// server accepted it (a second click or a retry records once). Nothing here touches the real ledger.
import { ApiError, post } from '../api.js';
import { announce, h, setFlash } from '../dom.js';
import { normalizeDecimalInput } from '../decimal.js';
import { dateField, errorSummary, field, readDate, showErrors, valueOf, whileBusy } from '../forms.js';
import { CATEGORY_LABELS, KIND_LABELS, KINDS, quoted } from '../labels.js';
import { slugify } from '../ids.js';
import { programmeYears } from '../setup-model.js';

/**
 * @typedef {{ ctx: import('../app.js').Ctx, setup: import('../setup-model.js').Setup, takenIds: string[] }} Scope
 * @typedef {{ path: string, message: string }} Problem
 */

const base = (/** @type {Scope} */ s) => `/programmes/${encodeURIComponent(s.setup.id)}/scenarios`;

/** A suggested id not yet taken: "ambition", else "ambition-2"… @param {string} id @param {string[]} taken */
function unused(id, taken) {
  if (!id || !taken.includes(id)) return id;
  let n = 2;
  while (taken.includes(`${id}-${n}`)) n++;
  return `${id}-${n}`;
}

/**
 * A form in a disclosure that posts what `build` makes of it, then reloads the page with a message.
 * @param {{ scope: Scope, summary: string | Node[], submit: string, fields: Array<HTMLElement | null>, path: string,
 *   build: (form: HTMLFormElement, problems: Problem[]) => any, done: (body: any) => string, className?: string, idFrom?: string }} spec
 */
function actionForm(spec) {
  const form = h('form', { class: 'form', novalidate: true }, errorSummary(), spec.fields, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-primary' }, spec.submit)));
  const idInput = form.elements.namedItem('id');
  if (spec.idFrom && idInput instanceof HTMLInputElement) {
    let touched = false;
    form.addEventListener('input', (event) => {
      if (event.target === idInput) touched = idInput.value !== '';
      else if (!touched) idInput.value = unused(slugify(valueOf(form, spec.idFrom ?? '')), spec.scope.takenIds);
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    /** @type {Problem[]} */
    const problems = [];
    const body = spec.build(form, problems);
    if (problems.length > 0) return showErrors(form, null, problems);
    void whileBusy(form, async () => {
      try {
        await post(spec.path, body);
      } catch (error) {
        const taken = error instanceof ApiError && error.status === 409 && error.errors.length === 0 && idInput instanceof HTMLInputElement;
        showErrors(form, taken ? null : error, taken ? [{ path: 'id', message: `${quoted(body.id)} est déjà pris : choisissez-en un autre` }] : []);
        return;
      }
      const message = spec.done(body);
      setFlash('ok', message);
      announce(message);
      spec.scope.ctx.go('#/scenarios');
    });
  });
  return h('details', { class: `add-form ${spec.className ?? ''}`.trim() }, h('summary', null, spec.summary), form);
}

/** @param {HTMLFormElement} form @param {string[]} names @param {Problem[]} problems */
function required(form, names, problems) {
  for (const name of names) if (!valueOf(form, name)) problems.push({ path: name, message: 'à renseigner' });
}

const idField = () => field({ name: 'id', label: 'Identifiant', required: true, hint: 'Lettres sans accents, chiffres et tirets ; il nomme le scénario dans les adresses et la ligne de commande.' });
const reasonField = (/** @type {string} */ label) => field({ name: 'reason', label, required: true });

/** The coordination drafts a new scenario, on the ledger of today or of a date. @param {Scope} scope */
export function draftForm(scope) {
  return actionForm({
    scope,
    summary: 'Nouveau scénario…',
    submit: 'Créer le scénario',
    className: 'scenario-draft',
    idFrom: 'title',
    path: base(scope),
    fields: [
      field({ name: 'title', label: 'Titre', required: true }),
      idField(),
      field({ name: 'description', label: 'Description', type: 'textarea' }),
      dateField({ name: 'asOfDate', label: 'Établi sur le registre au', hint: 'vide : le registre tel qu’il est aujourd’hui.' }),
    ],
    build: (form, problems) => {
      required(form, ['title', 'id'], problems);
      const asOfDate = readDate(form, 'asOfDate', problems);
      const description = valueOf(form, 'description');
      return { id: valueOf(form, 'id'), title: valueOf(form, 'title'), ...(description && { description }), ...(asOfDate && { asOfDate }) };
    },
    done: (body) => `Scénario ${quoted(body.title)} créé. Ajoutez-lui des hypothèses.`,
  });
}

/** Copy, edit, archive: what the coordination does with one scenario. @param {Scope} scope @param {any} s */
export function scenarioActions(scope, s) {
  const path = `${base(scope)}/${encodeURIComponent(s.scenarioId)}`;
  if (s.archived) return [copyForm(scope, s, path)];
  return [
    factForm(scope, s, path),
    copyForm(scope, s, path),
    actionForm({
      scope,
      summary: 'Modifier le titre et la description…',
      submit: 'Enregistrer',
      path: `${path}/edits`,
      fields: [field({ name: 'title', label: 'Titre', required: true, value: s.title }), field({ name: 'description', label: 'Description', type: 'textarea', value: s.description ?? '' })],
      build: (form, problems) => {
        required(form, ['title'], problems);
        const description = valueOf(form, 'description');
        return { title: valueOf(form, 'title'), ...(description && { description }) };
      },
      done: (body) => `Scénario ${quoted(body.title)} modifié.`,
    }),
    actionForm({
      scope,
      summary: 'Archiver…',
      submit: 'Archiver le scénario',
      path: `${path}/archive`,
      fields: [reasonField('Motif de l’archivage')],
      build: (form, problems) => (required(form, ['reason'], problems), { reason: valueOf(form, 'reason') }),
      done: () => `Scénario ${quoted(s.title)} archivé : il reste lisible avec les scénarios archivés.`,
    }),
  ];
}

/** @param {Scope} scope @param {any} s @param {string} path */
function copyForm(scope, s, path) {
  return actionForm({
    scope,
    summary: 'Copier…',
    submit: 'Copier le scénario',
    idFrom: 'title',
    path: `${path}/copies`,
    fields: [field({ name: 'title', label: 'Titre de la copie', required: true }), idField(), field({ name: 'description', label: 'Description', type: 'textarea', value: s.description ?? '' })],
    build: (form, problems) => {
      required(form, ['title', 'id'], problems);
      const description = valueOf(form, 'description');
      return { id: valueOf(form, 'id'), title: valueOf(form, 'title'), ...(description && { description }) };
    },
    done: (body) => `Copie ${quoted(body.title)} créée, avec les hypothèses de ${quoted(s.title)}.`,
  });
}

/** Taking one hypothesis out, with a reason. @param {Scope} scope @param {any} s @param {string} factId */
export function removeFactForm(scope, s, factId) {
  return actionForm({
    scope,
    // Several per card: the hidden words say which one a screen reader is on.
    summary: [document.createTextNode('Retirer…'), h('span', { class: 'visually-hidden' }, ` l’hypothèse ${factId}`)],
    submit: 'Retirer l’hypothèse',
    className: 'fact-removal',
    path: `${base(scope)}/${encodeURIComponent(s.scenarioId)}/facts/${encodeURIComponent(factId)}/removal`,
    fields: [reasonField('Motif du retrait')],
    build: (form, problems) => (required(form, ['reason'], problems), { reason: valueOf(form, 'reason') }),
    done: () => `Hypothèse retirée du scénario ${quoted(s.title)}.`,
  });
}

const FACT_KINDS = [
  ['drop-partner', 'Un partenaire en moins (toutes ses contributions retirées)'],
  ['scale-contributions', 'Des contributions multipliées par un facteur'],
  ['add-funder', 'Un financeur en plus (une subvention)'],
  ['staff-per-site', 'Du temps salarié dans chaque lieu (un ETP : 1 607 h)'],
];

/**
 * A hypothesis added: its kind chosen first, then only that kind's fields shown (the others are
 * hidden, so their errors and values do not count).
 * @param {Scope} scope @param {any} s @param {string} path
 */
function factForm(scope, s, path) {
  const partners = scope.setup.partners.map((p) => /** @type {[string, string]} */ ([p.id, p.name]));
  const statuses = /** @type {Array<[string, string]>} */ ([['planned', 'Prévisionnel'], ['actual', 'Réalisé']]);
  // A grant or staff time counts on its action's funding plan: without one, it covers no action's expenses.
  const action = (/** @type {string} */ name) => field({ name, label: 'Action', options: scope.setup.actions.map((a) => [a.id, `${a.number}. ${a.title}`]), placeholderOption: 'Sans action', hint: 'Le plan de financement de cette action la compte.' });
  const groups = {
    'drop-partner': [field({ name: 'partnerId', label: 'Partenaire', options: partners, placeholderOption: 'Choisir…', required: true })],
    'scale-contributions': [
      field({ name: 'factor', label: 'Facteur', required: true, hint: 'Par exemple 2 pour doubler, 0,5 pour diviser par deux.', attrs: { inputmode: 'decimal' } }),
      field({ name: 'scalePartnerId', label: 'Du partenaire', options: partners, placeholderOption: 'Tous les partenaires' }),
      field({ name: 'contributionKind', label: 'De nature', options: KINDS.map((k) => [k, KIND_LABELS[k] ?? k]), placeholderOption: 'Toutes les natures' }),
      field({ name: 'scaleYear', label: 'De l’année', placeholderOption: 'Toutes les années', options: yearsOf(scope) }),
    ],
    'add-funder': [
      field({ name: 'name', label: 'Nom du financeur', required: true }),
      field({ name: 'category', label: 'Catégorie', options: Object.entries(CATEGORY_LABELS), placeholderOption: 'Choisir…', required: true }),
      field({ name: 'amount', label: 'Montant de la subvention (€)', required: true, attrs: { inputmode: 'decimal' } }),
      dateField({ name: 'date', label: 'Date', required: true }),
      field({ name: 'funderStatus', label: 'Statut', options: statuses, value: 'planned' }),
      action('funderActionId'),
    ],
    'staff-per-site': [
      field({ name: 'hoursPerSite', label: 'Heures par lieu', required: true, value: '1607', attrs: { inputmode: 'decimal' } }),
      field({ name: 'year', label: 'Année', required: true, options: yearsOf(scope), placeholderOption: 'Choisir…' }),
      field({ name: 'staffStatus', label: 'Statut', options: statuses, value: 'planned' }),
      action('staffActionId'),
    ],
  };
  const sections = Object.entries(groups).map(([kind, fields]) => h('div', { class: 'fact-fields', dataset: { kind }, hidden: kind !== 'drop-partner' }, fields));
  const kindField = field({ name: 'kind', label: 'Hypothèse', options: /** @type {Array<[string, string]>} */ (FACT_KINDS), value: 'drop-partner' });
  kindField.querySelector('select')?.addEventListener('change', (event) => {
    const kind = /** @type {HTMLSelectElement} */ (event.target).value;
    for (const section of sections) section.hidden = section.dataset.kind !== kind;
  });
  // One id per form: a retry after a lost answer adds the same hypothesis, not a second one.
  const factId = `h-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  return actionForm({
    scope,
    summary: 'Ajouter une hypothèse…',
    submit: 'Ajouter l’hypothèse',
    className: 'fact-add',
    path: `${path}/facts`,
    fields: [kindField, ...sections],
    build: (form, problems) => ({ id: factId, fact: factOf(form, problems) }),
    done: () => `Hypothèse ajoutée au scénario ${quoted(s.title)}.`,
  });
}

/** @param {Scope} scope @returns {Array<[string, string]>} */
const yearsOf = (scope) => programmeYears(scope.setup).map((y) => [String(y), String(y)]);

/** @param {HTMLFormElement} form @param {string} name @param {Problem[]} problems */
function decimalOf(form, name, problems) {
  const typed = valueOf(form, name);
  if (!typed) return (problems.push({ path: name, message: 'à renseigner' }), '');
  const value = normalizeDecimalInput(typed);
  if (value === null) problems.push({ path: name, message: 'nombre attendu, par exemple 2 ou 0,5' });
  return value ?? '';
}

/** The hypothesis the form describes, in the event catalogue's shape (ScenarioFact). @param {HTMLFormElement} form @param {Problem[]} problems */
function factOf(form, problems) {
  const kind = valueOf(form, 'kind');
  const optional = (/** @type {string} */ key, /** @type {string} */ name) => (valueOf(form, name) ? { [key]: valueOf(form, name) } : {});
  switch (kind) {
    case 'drop-partner':
      required(form, ['partnerId'], problems);
      return { kind, partnerId: valueOf(form, 'partnerId') };
    case 'scale-contributions': {
      const factor = decimalOf(form, 'factor', problems);
      const year = valueOf(form, 'scaleYear');
      return { kind, factor, ...optional('partnerId', 'scalePartnerId'), ...optional('contributionKind', 'contributionKind'), ...(year && { year: Number(year) }) };
    }
    case 'add-funder': {
      required(form, ['name', 'category'], problems);
      const amount = decimalOf(form, 'amount', problems);
      const date = readDate(form, 'date', problems);
      if (date === '') problems.push({ path: 'date', message: 'à renseigner' });
      const name = valueOf(form, 'name');
      return { kind, partnerId: `financeur-${slugify(name) || 'nouveau'}`.slice(0, 80), name, category: valueOf(form, 'category'), amount, status: valueOf(form, 'funderStatus') || 'planned', date: date ?? '', ...optional('actionId', 'funderActionId') };
    }
    default: {
      const hoursPerSite = decimalOf(form, 'hoursPerSite', problems);
      required(form, ['year'], problems);
      return { kind: 'staff-per-site', hoursPerSite, year: Number(valueOf(form, 'year')), status: valueOf(form, 'staffStatus') || 'planned', ...optional('actionId', 'staffActionId') };
    }
  }
}
