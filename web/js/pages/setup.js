// "Paramétrage" (coordination only): open a programme, and add its partners, axes, actions, sites
// and valuation rates. Nothing here edits or deletes: set-up facts are added, and a new rate
// revalues what it covers while the old values stay visible when replaying the ledger.
import { post } from '../api.js';
import { h, setFlash, takeFlash } from '../dom.js';
import { errorSummary, field, showErrors, valueOf, whileBusy } from '../forms.js';
import { formatDecimalFr, normalizeDecimalInput } from '../decimal.js';
import { slugify } from '../ids.js';
import { CATEGORY_LABELS, KIND_LABELS, KINDS, NATURE_LABELS, UNIT_LABELS, UNIT_OF_KIND, frDate } from '../labels.js';
import { axisTitle, partnerName } from '../setup-model.js';
import { setProgrammeId } from '../session.js';
import { section } from './common.js';

/**
 * @typedef {import('../forms.js').FieldSpec} FieldSpec
 */

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  /** @type {Array<HTMLElement | null>} */
  const parts = [h('h1', null, 'Paramétrage'), takeFlash()];
  if (setup) {
    parts.push(
      h('p', { class: 'lead' }, `Programme «\u00a0${setup.name}\u00a0», du ${frDate(setup.startsOn)} au ${frDate(setup.endsOn)}${setup.territory ? `, ${setup.territory}` : ''}.`),
      h(
        'nav',
        { class: 'toc', 'aria-label': 'Sections du paramétrage' },
        h('ul', null, ['Partenaires', 'Axes', 'Actions', 'Lieux', 'Taux de valorisation', 'Nouveau programme'].map((t) => h('li', null, h('a', { href: `#s-${anchor(t)}`, onclick: jumpTo(`s-${anchor(t)}`) }, t)))),
      ),
      partnersSection(ctx, setup),
      axesSection(ctx, setup),
      actionsSection(ctx, setup),
      sitesSection(ctx, setup),
      ratesSection(ctx, setup),
    );
  } else {
    parts.push(h('p', { class: 'lead' }, 'Commencez par ouvrir un programme (un dispositif, une feuille de route) : ses partenaires, actions et taux viendront ensuite.'));
  }
  parts.push(programmeSection(ctx, !setup));
  return h('section', { class: 'page' }, parts);
}

/** @param {string} title */
function anchor(title) {
  return title.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
}

/** In-page links must not go through the hash router. @param {string} id */
function jumpTo(id) {
  return (/** @type {Event} */ event) => {
    event.preventDefault();
    const target = document.getElementById(id);
    if (!target) return;
    target.scrollIntoView();
    target.setAttribute('tabindex', '-1');
    target.focus();
  };
}

/**
 * A form in a disclosure ("Ajouter un partenaire") that posts what `build` makes of it.
 * The id field fills itself from the name while the user has not typed one.
 * @param {{ ctx: import('../app.js').Ctx, summary: string, fields: Array<HTMLElement | null>, nameField?: string,
 *   build: (form: HTMLFormElement, problems: { path: string, message: string }[]) => any,
 *   path: string, done: (body: any) => string, open?: boolean, afterSave?: (body: any) => Promise<void> }} spec
 */
function addForm(spec) {
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    errorSummary(),
    spec.fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-primary' }, 'Ajouter')),
  );
  const idInput = form.elements.namedItem('id');
  if (spec.nameField && idInput instanceof HTMLInputElement) {
    let touched = false;
    idInput.addEventListener('input', () => (touched = idInput.value !== ''));
    /** @type {HTMLInputElement | null} */ (form.elements.namedItem(spec.nameField))?.addEventListener('input', (e) => {
      if (!touched) idInput.value = slugify(/** @type {HTMLInputElement} */ (e.target).value);
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    /** @type {{ path: string, message: string }[]} */
    const problems = [];
    const body = spec.build(form, problems);
    if (problems.length > 0) {
      showErrors(form, null, problems);
      return;
    }
    void whileBusy(form, async () => {
      try {
        await post(spec.path, body);
      } catch (error) {
        showErrors(form, error);
        return;
      }
      await (spec.afterSave ? spec.afterSave(body) : spec.ctx.reloadSetup());
      setFlash('ok', spec.done(body));
      spec.ctx.go('#/parametrage');
    });
  });
  return h('details', { class: 'add-form', open: spec.open ?? false }, h('summary', null, spec.summary), form);
}

/**
 * Reads named fields into an object, leaving out empty optional ones and noting missing required ones.
 * @param {HTMLFormElement} form
 * @param {string[]} required
 * @param {string[]} optional
 * @param {{ path: string, message: string }[]} problems
 */
function read(form, required, optional, problems) {
  /** @type {Record<string, any>} */
  const body = {};
  for (const name of required) {
    const value = valueOf(form, name);
    if (!value) problems.push({ path: name, message: 'à renseigner' });
    body[name] = value;
  }
  for (const name of optional) {
    const value = valueOf(form, name);
    if (value) body[name] = value;
  }
  return body;
}

/** @param {string} hint */
const idField = (hint) => field({ name: 'id', label: 'Identifiant', required: true, hint, attrs: { autocomplete: 'off', spellcheck: 'false', pattern: '[A-Za-z0-9][A-Za-z0-9_.\\-]*' } });

/**
 * @param {string[]} headers
 * @param {Array<Array<string>>} rows
 * @param {string} empty
 */
function listTable(headers, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'table',
    { class: 'data responsive' },
    h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.map((cells) => h('tr', null, cells.map((text, i) => h('td', { dataset: { label: headers[i] ?? '' } }, text))))),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 */
function partnersSection(ctx, setup) {
  return section(
    'Partenaires',
    listTable(['Nom', 'Catégorie', 'Identifiant'], setup.partners.map((p) => [p.name, CATEGORY_LABELS[p.category] ?? p.category, p.id]), 'Aucun partenaire.'),
    addForm({
      ctx,
      summary: 'Ajouter un partenaire',
      nameField: 'name',
      fields: [
        field({ name: 'name', label: 'Nom', required: true, hint: 'Par exemple «\u00a0Commune de Janzé\u00a0», «\u00a0CAF d’Ille-et-Vilaine\u00a0».' }),
        field({ name: 'category', label: 'Catégorie', required: true, options: Object.entries(CATEGORY_LABELS), placeholderOption: '— choisir —', hint: 'Elle dit si le partenaire est public ou privé, et sur quelle ligne du budget figurent ses apports.' }),
        idField('Rempli à partir du nom ; c’est aussi l’identifiant à donner pour créer le jeton du partenaire.'),
      ],
      path: `/programmes/${encodeURIComponent(setup.id)}/partners`,
      build: (form, problems) => read(form, ['id', 'name', 'category'], [], problems),
      done: (body) => `Partenaire «\u00a0${body.name}\u00a0» ajouté.`,
    }),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 */
function axesSection(ctx, setup) {
  return section(
    'Axes',
    listTable(['Intitulé', 'Identifiant'], setup.axes.map((a) => [a.title, a.id]), 'Aucun axe.'),
    addForm({
      ctx,
      summary: 'Ajouter un axe',
      nameField: 'title',
      fields: [field({ name: 'title', label: 'Intitulé', required: true }), idField('Court et stable, par exemple «\u00a0axe1\u00a0».')],
      path: `/programmes/${encodeURIComponent(setup.id)}/axes`,
      build: (form, problems) => read(form, ['id', 'title'], [], problems),
      done: (body) => `Axe «\u00a0${body.title}\u00a0» ajouté.`,
    }),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 */
function actionsSection(ctx, setup) {
  const next = setup.actions.reduce((n, a) => Math.max(n, (a.number ?? 0) + 1), 1);
  return section(
    'Actions',
    listTable(
      ['N°', 'Intitulé', 'Axe', 'Pilote', 'Nature'],
      setup.actions.map((a) => [String(a.number), a.title, axisTitle(setup, a.axisId) || '—', partnerName(setup, a.pilotPartnerId) || '—', NATURE_LABELS[a.nature] ?? a.nature]),
      'Aucune action.',
    ),
    addForm({
      ctx,
      summary: 'Ajouter une action',
      nameField: 'title',
      fields: [
        field({ name: 'number', label: 'Numéro', required: true, value: String(next), attrs: { inputmode: 'numeric' } }),
        field({ name: 'title', label: 'Intitulé', required: true }),
        field({ name: 'axisId', label: 'Axe (facultatif)', options: setup.axes.map((a) => [a.id, a.title]), placeholderOption: '— aucun —' }),
        field({ name: 'pilotPartnerId', label: 'Partenaire pilote (facultatif)', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: '— aucun —', hint: 'Le pilote est le porteur par défaut du budget de l’action.' }),
        field({ name: 'nature', label: 'Nature', required: true, options: Object.entries(NATURE_LABELS), value: 'fonctionnement' }),
        idField('Par exemple «\u00a0a01\u00a0».'),
      ],
      path: `/programmes/${encodeURIComponent(setup.id)}/actions`,
      build: (form, problems) => {
        const body = read(form, ['id', 'title', 'nature'], ['axisId', 'pilotPartnerId'], problems);
        const number = valueOf(form, 'number');
        if (!/^\d{1,4}$/.test(number) || Number(number) < 1) problems.push({ path: 'number', message: 'un nombre entier de 1 à 9999' });
        body.number = Number(number);
        return body;
      },
      done: (body) => `Action ${body.number} «\u00a0${body.title}\u00a0» ajoutée.`,
    }),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 */
function sitesSection(ctx, setup) {
  return section(
    'Lieux',
    listTable(['Nom', 'Partenaire', 'Identifiant'], setup.sites.map((s) => [s.name, partnerName(setup, s.partnerId) || '—', s.id]), 'Aucun lieu.'),
    addForm({
      ctx,
      summary: 'Ajouter un lieu',
      nameField: 'name',
      fields: [
        field({ name: 'name', label: 'Nom', required: true, hint: 'Centre social, FabLab, médiathèque, France Services…' }),
        field({ name: 'partnerId', label: 'Partenaire qui l’accueille (facultatif)', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: '— aucun —' }),
        idField('Par exemple «\u00a0fablab-janze\u00a0».'),
      ],
      path: `/programmes/${encodeURIComponent(setup.id)}/sites`,
      build: (form, problems) => read(form, ['id', 'name'], ['partnerId'], problems),
      done: (body) => `Lieu «\u00a0${body.name}\u00a0» ajouté.`,
    }),
  );
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 */
function ratesSection(ctx, setup) {
  const unitOutput = h('output', { class: 'unit-output' }, 'choisissez d’abord la nature');
  const kindField = field({ name: 'kind', label: 'Nature de contribution', required: true, options: KINDS.filter((k) => UNIT_OF_KIND[k] !== 'eur').map((k) => [k, KIND_LABELS[k] ?? k]), placeholderOption: '— choisir —' });
  kindField.querySelector('select')?.addEventListener('change', (e) => {
    const kind = /** @type {HTMLSelectElement} */ (e.target).value;
    unitOutput.textContent = kind ? `par ${unitSingular(UNIT_OF_KIND[kind] ?? '')}` : 'choisissez d’abord la nature';
  });
  const rows = [...setup.rates]
    .sort((a, b) => (a.kind === b.kind ? (a.validFrom < b.validFrom ? -1 : 1) : KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind)))
    .map((r) => [
      KIND_LABELS[r.kind] ?? r.kind,
      `${formatDecimalFr(r.amount)} € par ${unitSingular(r.unit)}`,
      `${r.validUntil ? `du ${frDate(r.validFrom)} au ${frDate(r.validUntil)}` : `depuis le ${frDate(r.validFrom)}`}`,
      [r.partnerId ? partnerName(setup, r.partnerId) : 'tous', r.role ? `fonction «\u00a0${r.role}\u00a0»` : ''].filter(Boolean).join(', '),
      r.basis,
    ]);
  return section(
    'Taux de valorisation',
    h('p', { class: 'hint' }, 'Le taux le plus précis s’applique : celui du partenaire et de la fonction, puis celui du partenaire, puis celui du programme, à la date de la contribution. Un nouveau taux revalorise les contributions qu’il couvre.'),
    listTable(['Nature', 'Montant', 'Validité', 'Pour', 'Base de calcul'], rows, 'Aucun taux : les contributions en temps et en biens ne sont pas valorisées.'),
    addForm({
      ctx,
      summary: 'Ajouter un taux',
      fields: [
        kindField,
        h('p', { class: 'unit-line' }, h('span', { class: 'fixed-label' }, 'Unité : '), unitOutput),
        field({ name: 'amount', label: 'Montant en euros par unité', required: true, attrs: { inputmode: 'decimal' }, hint: 'Par exemple 17,226 (SMIC chargé) ; 6 décimales au plus.' }),
        h(
          'div',
          { class: 'field-row' },
          field({ name: 'validFrom', label: 'Valable à partir du', type: 'date', required: true }),
          field({ name: 'validUntil', label: 'Valable jusqu’au (facultatif)', type: 'date' }),
        ),
        field({ name: 'partnerId', label: 'Pour le partenaire (facultatif)', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: 'Tous les partenaires' }),
        field({ name: 'role', label: 'Pour la fonction (facultatif)', hint: 'Par exemple «\u00a0médiateur\u00a0» ; vide pour toutes les fonctions.' }),
        field({ name: 'basis', label: 'Base de calcul', required: true, hint: 'Par exemple «\u00a0SMIC horaire brut 11,88 € + 45 % charges patronales\u00a0».' }),
        idField('Par exemple «\u00a0benevolat-2025\u00a0».'),
      ],
      path: `/programmes/${encodeURIComponent(setup.id)}/rates`,
      build: (form, problems) => {
        const body = read(form, ['id', 'kind', 'amount', 'validFrom', 'basis'], ['validUntil', 'partnerId', 'role'], problems);
        if (body.amount) {
          const amount = normalizeDecimalInput(body.amount);
          if (amount === null) problems.push({ path: 'amount', message: 'nombre attendu, par exemple 11,88' });
          else body.amount = amount;
        }
        if (body.kind) body.unit = UNIT_OF_KIND[body.kind];
        return body;
      },
      done: (body) => `Taux «\u00a0${body.basis}\u00a0» ajouté.`,
    }),
  );
}

/** @param {string} unit */
function unitSingular(unit) {
  /** @type {Record<string, string>} */
  const words = { hour: 'heure', half_day: 'demi-journée', day: 'jour', month: 'mois', eur: 'euro' };
  return words[unit] ?? UNIT_LABELS[unit] ?? unit;
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {boolean} open
 */
function programmeSection(ctx, open) {
  return section(
    'Nouveau programme',
    addForm({
      ctx,
      open,
      summary: 'Ouvrir un nouveau programme',
      nameField: 'name',
      fields: [
        field({ name: 'name', label: 'Nom', required: true, hint: 'Par exemple «\u00a0Feuille de route Usages du numérique 2023-2026\u00a0».' }),
        h(
          'div',
          { class: 'field-row' },
          field({ name: 'startsOn', label: 'Début', type: 'date', required: true }),
          field({ name: 'endsOn', label: 'Fin', type: 'date', required: true }),
        ),
        field({ name: 'territory', label: 'Territoire (facultatif)' }),
        idField('Court et stable, par exemple «\u00a0rafcom\u00a0».'),
      ],
      path: '/programmes',
      build: (form, problems) => read(form, ['id', 'name', 'startsOn', 'endsOn'], ['territory'], problems),
      afterSave: async (body) => {
        // The programme just opened becomes the one shown.
        setProgrammeId(body.id);
        await ctx.reloadProgrammes();
        ctx.renderShell();
      },
      done: (body) => `Programme «\u00a0${body.name}\u00a0» ouvert.`,
    }),
  );
}

