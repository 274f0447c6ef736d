// "Paramétrage" (coordination only): open a programme, and add its partners, axes, actions, sites
// and valuation rates. Nothing here edits or deletes: set-up facts are added, and a new rate
// revalues what it covers while the old values stay visible when replaying the ledger.
import { ApiError, post } from '../api.js';
import { h, setFlash, takeFlash } from '../dom.js';
import { dateField, errorSummary, field, frToIso, readDate, showErrors, valueOf, whileBusy } from '../forms.js';
import { formatDecimalFr, normalizeDecimalInput } from '../decimal.js';
import { slugify } from '../ids.js';
import { CATEGORY_LABELS, KIND_LABELS, KINDS, NATURE_LABELS, UNIT_LABELS, UNIT_OF_KIND, frDate, quoted } from '../labels.js';
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
      h('p', { class: 'lead' }, `Programme ${quoted(setup.name)}, du ${frDate(setup.startsOn)} au ${frDate(setup.endsOn)}${setup.territory ? `, ${setup.territory}` : ''}.`),
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
 * The id field fills itself from the name (or what `suggestId` makes of the form) while the user has
 * not typed one.
 * @param {{ ctx: import('../app.js').Ctx, summary: string, fields: Array<HTMLElement | null>, nameField?: string,
 *   suggestId?: (form: HTMLFormElement) => string, takenIds?: string[],
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
  const nameField = spec.nameField;
  const suggest = spec.suggestId ?? (nameField ? (/** @type {HTMLFormElement} */ f) => slugify(valueOf(f, nameField)) : undefined);
  if (suggest && idInput instanceof HTMLInputElement) {
    let touched = false;
    const fill = (/** @type {Event} */ e) => {
      if (e.target === idInput) touched = idInput.value !== '';
      else if (!touched) idInput.value = unused(suggest(form), spec.takenIds ?? []);
    };
    form.addEventListener('input', fill);
    form.addEventListener('change', fill);
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
        // A set-up fact is only ever added: a conflict means its id is taken by another one.
        const taken = error instanceof ApiError && error.status === 409 && error.errors.length === 0 && idInput instanceof HTMLInputElement;
        showErrors(form, taken ? null : error, taken ? [{ path: 'id', message: `${quoted(body.id)} est déjà pris : choisissez-en un autre` }] : []);
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
 * A suggested id not yet taken: "benevolat-2025", else "benevolat-2025-2"…
 * @param {string} id
 * @param {string[]} taken
 */
function unused(id, taken) {
  if (!id || !taken.includes(id)) return id;
  let n = 2;
  while (taken.includes(`${id}-${n}`)) n++;
  return `${id}-${n}`;
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

/**
 * The date fields of a body, typed JJ/MM/AAAA, sent as ISO dates.
 * @param {HTMLFormElement} form
 * @param {Record<string, any>} body
 * @param {string[]} names
 * @param {{ path: string, message: string }[]} problems
 */
function dates(form, body, names, problems) {
  for (const name of names) {
    if (!body[name]) continue;
    const iso = readDate(form, name, problems);
    if (iso) body[name] = iso;
  }
}

/** Short words for rate ids, as in the hint ("benevolat-2025"). */
/** @type {Record<string, string>} */
const RATE_ID_WORDS = { staff_time: 'salarie', volunteer_time: 'benevolat', premises: 'locaux', kiosk: 'borne', equipment: 'materiel' };

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
      takenIds: setup.partners.map((p) => p.id),
      fields: [
        field({ name: 'name', label: 'Nom', required: true, hint: 'Par exemple «\u00a0Commune de Janzé\u00a0», «\u00a0CAF d’Ille-et-Vilaine\u00a0».' }),
        field({ name: 'category', label: 'Catégorie', required: true, options: Object.entries(CATEGORY_LABELS), placeholderOption: '— choisir —', hint: 'Elle dit si le partenaire est public ou privé, et sur quelle ligne du budget figurent ses apports.' }),
        idField('Rempli à partir du nom ; c’est aussi l’identifiant à donner pour créer le jeton du partenaire.'),
      ],
      path: `/programmes/${encodeURIComponent(setup.id)}/partners`,
      build: (form, problems) => read(form, ['id', 'name', 'category'], [], problems),
      done: (body) => `Partenaire ${quoted(body.name)} ajouté.`,
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
      takenIds: setup.axes.map((a) => a.id),
      fields: [field({ name: 'title', label: 'Intitulé', required: true }), idField('Court et stable, par exemple «\u00a0axe1\u00a0».')],
      path: `/programmes/${encodeURIComponent(setup.id)}/axes`,
      build: (form, problems) => read(form, ['id', 'title'], [], problems),
      done: (body) => `Axe ${quoted(body.title)} ajouté.`,
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
      takenIds: setup.actions.map((a) => a.id),
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
      done: (body) => `Action ${body.number} ${quoted(body.title)} ajoutée.`,
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
      takenIds: setup.sites.map((x) => x.id),
      fields: [
        field({ name: 'name', label: 'Nom', required: true, hint: 'Centre social, FabLab, médiathèque, France Services…' }),
        field({ name: 'partnerId', label: 'Partenaire qui l’accueille (facultatif)', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: '— aucun —' }),
        idField('Par exemple «\u00a0fablab-janze\u00a0».'),
      ],
      path: `/programmes/${encodeURIComponent(setup.id)}/sites`,
      build: (form, problems) => read(form, ['id', 'name'], ['partnerId'], problems),
      done: (body) => `Lieu ${quoted(body.name)} ajouté.`,
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
      `${formatDecimalFr(r.amount)}\u00a0€ par ${unitSingular(r.unit)}`,
      `${r.validUntil ? `du ${frDate(r.validFrom)} au ${frDate(r.validUntil)}` : `depuis le ${frDate(r.validFrom)}`}`,
      [r.partnerId ? partnerName(setup, r.partnerId) : 'tous', r.role ? `fonction ${quoted(r.role)}` : ''].filter(Boolean).join(', '),
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
          dateField({ name: 'validFrom', label: 'Valable à partir du', required: true }),
          dateField({ name: 'validUntil', label: 'Valable jusqu’au (facultatif)' }),
        ),
        field({ name: 'partnerId', label: 'Pour le partenaire (facultatif)', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: 'Tous les partenaires' }),
        field({ name: 'role', label: 'Pour la fonction (facultatif)', hint: 'Par exemple «\u00a0médiateur\u00a0» ; vide pour toutes les fonctions.' }),
        field({ name: 'basis', label: 'Base de calcul', required: true, hint: 'Par exemple «\u00a0SMIC horaire brut 11,88 € + 45 % charges patronales\u00a0».' }),
        idField('Par exemple «\u00a0benevolat-2025\u00a0».'),
      ],
      // "benevolat-2025", as the hint says: the kind, whom it is for, the year it starts.
      takenIds: setup.rates.map((r) => r.rateId),
      suggestId: (form) => slugify([RATE_ID_WORDS[valueOf(form, 'kind')], valueOf(form, 'partnerId'), valueOf(form, 'role'), frToIso(valueOf(form, 'validFrom'))?.slice(0, 4)].filter(Boolean).join(' ')),
      path: `/programmes/${encodeURIComponent(setup.id)}/rates`,
      build: (form, problems) => {
        const body = read(form, ['id', 'kind', 'amount', 'validFrom', 'basis'], ['validUntil', 'partnerId', 'role'], problems);
        dates(form, body, ['validFrom', 'validUntil'], problems);
        if (body.amount) {
          const amount = normalizeDecimalInput(body.amount);
          if (amount === null) problems.push({ path: 'amount', message: 'nombre attendu, par exemple 11,88' });
          else body.amount = amount;
        }
        if (body.kind) body.unit = UNIT_OF_KIND[body.kind];
        return body;
      },
      done: (body) => `Taux ${quoted(body.basis)} ajouté.`,
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
      takenIds: ctx.programmes.map((p) => p.id),
      fields: [
        field({ name: 'name', label: 'Nom', required: true, hint: 'Par exemple «\u00a0Feuille de route Usages du numérique 2023-2026\u00a0».' }),
        h(
          'div',
          { class: 'field-row' },
          dateField({ name: 'startsOn', label: 'Début', required: true }),
          dateField({ name: 'endsOn', label: 'Fin', required: true }),
        ),
        field({ name: 'territory', label: 'Territoire (facultatif)' }),
        idField('Court et stable, par exemple «\u00a0rafcom\u00a0».'),
      ],
      path: '/programmes',
      build: (form, problems) => {
        const body = read(form, ['id', 'name', 'startsOn', 'endsOn'], ['territory'], problems);
        dates(form, body, ['startsOn', 'endsOn'], problems);
        return body;
      },
      afterSave: async (body) => {
        // The programme just opened becomes the one shown.
        setProgrammeId(body.id);
        await ctx.reloadProgrammes();
        ctx.renderShell();
      },
      done: (body) => `Programme ${quoted(body.name)} ouvert.`,
    }),
  );
}

