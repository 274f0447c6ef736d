// The "Fiche action" of an action's page (issue 14, point 7): the roadmap's fields that are the
// coordination's to write — services concernés, enjeux – impacts attendus, objectifs opérationnels
// and the calendrier prévisionnel as dated steps — shown to every role, and, for the coordinator,
// a form that sends the whole sheet (PUT …/actions/ID/sheet: a field left blank is cleared).
// The indicators with their targets are the action's indicators panel, below.
import { api } from '../api.js';
import { h, setFlash } from '../dom.js';
import { dateField, errorSummary, field, readDate, showErrors, valueOf, whileBusy } from '../forms.js';
import { frDate } from '../labels.js';
import { section } from './common.js';

/**
 * @typedef {{ label: string, startsOn: string, endsOn: string }} CalendarStep
 * @typedef {{ services?: string, stakes?: string, objectives?: string, calendar: CalendarStep[] }} ActionSheet
 */

const TEXTS = /** @type {const} */ ([
  ['services', 'Services concernés', 'Les services et lieux qui portent l’action, par exemple «\u00a0service SIG-Numérique ; réseau des FabLab\u00a0».'],
  ['stakes', 'Enjeux – Impacts attendus', 'Ce que l’action doit changer pour les habitants et le territoire.'],
  ['objectives', 'Objectifs opérationnels', 'Un objectif par ligne.'],
]);

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 * @param {import('../setup-model.js').Action & { sheet?: ActionSheet }} action
 */
export function sheetSection(ctx, setup, action) {
  const sheet = action.sheet;
  return section(
    'Fiche action',
    sheetFacts(sheet),
    ctx.me.role === 'coordinator' ? sheetForm(ctx, setup, action.id, sheet) : null,
  );
}

/** @param {ActionSheet | undefined} sheet */
function sheetFacts(sheet) {
  if (!sheet) return h('p', { class: 'empty' }, 'La fiche de cette action n’est pas encore renseignée.');
  const text = (/** @type {string | undefined} */ value) => (value ? value.split('\n').flatMap((line, i) => (i > 0 ? [h('br'), line] : [line])) : '—');
  return h(
    'dl',
    { class: 'facts' },
    TEXTS.flatMap(([name, label]) => [h('dt', null, label), h('dd', null, text(sheet[name]))]),
    h('dt', null, 'Calendrier prévisionnel de mise en œuvre'),
    h('dd', null, sheet.calendar.length === 0 ? '—' : h('ul', null, sheet.calendar.map((s) => h('li', null, stepText(s))))),
  );
}

/** "du 01/01/2024 au 30/06/2024 : Expérimentation", "le 12/06/2025 : COPIL". @param {CalendarStep} s */
function stepText(s) {
  return `${s.startsOn === s.endsOn ? `le ${frDate(s.startsOn)}` : `du ${frDate(s.startsOn)} au ${frDate(s.endsOn)}`} : ${s.label}`;
}

/**
 * @param {import('../app.js').Ctx} ctx
 * @param {import('../setup-model.js').Setup} setup
 * @param {string} actionId
 * @param {ActionSheet | undefined} sheet
 */
function sheetForm(ctx, setup, actionId, sheet) {
  const steps = h('div', { class: 'calendar-steps' });
  const addStep = (/** @type {CalendarStep | undefined} */ step) => {
    steps.append(stepFieldset(step, () => renumber(steps)));
    renumber(steps);
  };
  for (const step of sheet?.calendar ?? []) addStep(step);
  if (!sheet || sheet.calendar.length === 0) addStep(undefined);
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    errorSummary(),
    TEXTS.map(([name, label, hint]) => field({ name, label, type: 'textarea', hint, value: sheet?.[name] ?? '' })),
    h(
      'fieldset',
      { class: 'calendar' },
      h('legend', null, 'Calendrier prévisionnel de mise en œuvre'),
      h('p', { class: 'hint' }, `Des étapes datées, dans la période du programme (du ${frDate(setup.startsOn)} au ${frDate(setup.endsOn)}) ; une étape d’un jour a la même date de début et de fin.`),
      steps,
      h('button', { type: 'button', class: 'button-secondary', onclick: () => addStep(undefined) }, 'Ajouter une étape'),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-primary' }, 'Enregistrer la fiche')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const row of [...steps.children]) if (isBlank(row)) row.remove();
    renumber(steps);
    /** @type {{ path: string, message: string }[]} */
    const problems = [];
    const body = readSheet(form, steps.children.length, problems);
    if (problems.length > 0) {
      showErrors(form, null, problems);
      return;
    }
    void whileBusy(form, async () => {
      try {
        await api(`/programmes/${encodeURIComponent(setup.id)}/actions/${encodeURIComponent(actionId)}/sheet`, { method: 'PUT', body });
      } catch (error) {
        showErrors(form, error);
        return;
      }
      await ctx.reloadSetup();
      setFlash('ok', 'Fiche action enregistrée.');
      ctx.go(`#/action/${encodeURIComponent(actionId)}`);
    });
  });
  return h('details', { class: 'add-form', open: !sheet }, h('summary', null, sheet ? 'Modifier la fiche' : 'Renseigner la fiche'), form);
}

/**
 * One step: its label and its two dates, and a button that takes it out.
 * @param {CalendarStep | undefined} step
 * @param {() => void} removed
 */
function stepFieldset(step, removed) {
  const row = h(
    'fieldset',
    { class: 'field calendar-step' },
    h('legend', null, 'Étape'),
    h('p', { class: 'field-error', hidden: true }),
    field({ name: 'label', label: 'Intitulé de l’étape', value: step?.label ?? '' }),
    dateField({ name: 'startsOn', label: 'Début', value: step?.startsOn ?? '' }),
    dateField({ name: 'endsOn', label: 'Fin', value: step?.endsOn ?? '' }),
  );
  row.append(
    h('button', {
      type: 'button',
      class: 'button-link',
      onclick: () => {
        row.remove();
        removed();
      },
    }, 'Retirer cette étape'),
  );
  return row;
}

/**
 * Names each step's controls calendar.N.label, calendar.N.startsOn, calendar.N.endsOn, N its place
 * now: the server's errors (calendar.1.endsOn, calendar.0) land on the step they concern.
 * @param {HTMLElement} steps
 */
function renumber(steps) {
  [...steps.children].forEach((row, i) => {
    if (!(row instanceof HTMLElement)) return;
    row.dataset.field = `calendar.${i}`;
    const legend = row.querySelector('legend');
    if (legend) legend.textContent = `Étape ${i + 1}`;
    for (const name of ['label', 'startsOn', 'endsOn']) {
      const wrapper = row.querySelector(`[data-field$="${name}"]`);
      const control = wrapper?.querySelector('[data-path]');
      if (!(wrapper instanceof HTMLElement) || !(control instanceof HTMLElement)) continue;
      wrapper.dataset.field = `calendar.${i}.${name}`;
      control.dataset.path = `calendar.${i}.${name}`;
      control.setAttribute('name', `calendar.${i}.${name}`);
    }
  });
}

/** @param {Element} row */
function isBlank(row) {
  return [...row.querySelectorAll('input')].every((input) => input.value.trim() === '');
}

/**
 * The sheet as the API takes it: blank texts left out, each step's dates in ISO.
 * @param {HTMLFormElement} form
 * @param {number} count
 * @param {{ path: string, message: string }[]} problems
 * @returns {ActionSheet}
 */
function readSheet(form, count, problems) {
  /** @type {ActionSheet} */
  const body = { calendar: [] };
  for (const [name] of TEXTS) {
    const value = valueOf(form, name);
    if (value) body[name] = value;
  }
  for (let i = 0; i < count; i++) {
    const label = valueOf(form, `calendar.${i}.label`);
    if (!label) problems.push({ path: `calendar.${i}.label`, message: 'à renseigner' });
    const startsOn = readDate(form, `calendar.${i}.startsOn`, problems);
    const endsOn = readDate(form, `calendar.${i}.endsOn`, problems);
    if (startsOn === '') problems.push({ path: `calendar.${i}.startsOn`, message: 'à renseigner' });
    if (endsOn === '') problems.push({ path: `calendar.${i}.endsOn`, message: 'à renseigner' });
    body.calendar.push({ label, startsOn: startsOn ?? '', endsOn: endsOn ?? '' });
  }
  return body;
}
