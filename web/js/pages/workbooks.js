// "Classeurs": the four workbooks funders receive, with the year / action / applicant filters. A
// plain link could not carry the Authorization header, so the file is fetched, then saved.
import { downloadStamped, describeError } from '../api.js';
import { announce, h, notice, replaceChildren } from '../dom.js';
import { field } from '../forms.js';
import { programmeYears } from '../setup-model.js';
import { quoted } from '../labels.js';
import { noProgramme } from './common.js';

const WORKBOOKS = [
  { id: 'budget', title: 'Budget (le formulaire du demandeur)', text: 'Le formulaire que le financeur demande à ce demandeur : Cerfa 12156*06 ou compte rendu 15059*02 pour une association, plan de financement pour une collectivité ; et les contrôles de financement.' },
  { id: 'contributions', title: 'Tableau des contributions', text: 'Une ligne par contribution, puis les totaux et parts par partenaire et par nature.' },
  { id: 'funding-plan', title: 'Plan de financement', text: 'Une fiche action par action : dépenses face aux recettes, cofinanceurs, reste à charge.' },
  { id: 'journal', title: 'Journal', text: 'Chaque événement du registre, avec son auteur, sa date et son empreinte.' },
];

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Classeurs');
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'filters card', 'aria-label': 'Filtres des classeurs' },
    h('h2', null, 'Filtres'),
    h(
      'div',
      { class: 'filter-grid' },
      field({ name: 'year', label: 'Année', options: programmeYears(setup).map((y) => [y, y]), placeholderOption: 'Toute la période' }),
      field({ name: 'action', label: 'Action', options: setup.actions.map((a) => [a.id, `${a.number}. ${a.title}`]), placeholderOption: 'Tout le programme' }),
      field({
        name: 'applicant',
        label: 'Porteur (demandeur)',
        options: setup.partners.map((p) => [p.id, p.name]),
        placeholderOption: 'Par défaut (pilote de l’action, sinon porteur du programme)',
        hint: 'Le budget est présenté du point de vue de ce partenaire.',
      }),
    ),
  );
  const list = h(
    'ul',
    { class: 'workbooks' },
    WORKBOOKS.map((w) =>
      h(
        'li',
        { class: 'card workbook' },
        h('h2', null, w.title),
        h('p', null, w.text),
        h(
          'button',
          { type: 'button', class: 'button-primary', dataset: { workbook: w.id }, onclick: (/** @type {Event} */ e) => void save(w, /** @type {HTMLButtonElement} */ (e.currentTarget)) },
          'Télécharger',
          h('span', { class: 'visually-hidden' }, ` le classeur ${w.title}`),
          ' (.xlsx)',
        ),
      ),
    ),
  );

  /**
   * @param {{ id: string, title: string }} workbook
   * @param {HTMLButtonElement} button
   */
  async function save(workbook, button) {
    if (!setup) return;
    const data = new FormData(form);
    const query = { year: String(data.get('year') ?? ''), actionId: String(data.get('action') ?? ''), applicant: String(data.get('applicant') ?? '') };
    replaceChildren(status, notice('info', `Préparation du classeur ${quoted(workbook.title)}…`));
    button.disabled = true;
    try {
      const suffix = [query.year, query.actionId, query.applicant].filter(Boolean).join('-');
      const { name, position } = await downloadStamped(
        `/programmes/${encodeURIComponent(setup.id)}/exports/${workbook.id}.xlsx`,
        query,
        `${setup.id}-${workbook.id}${suffix ? `-${suffix}` : ''}.xlsx`,
      );
      replaceChildren(status, notice('ok', downloadedText(workbook.title, name, position)));
      announce(`Classeur ${workbook.title} téléchargé.`);
    } catch (error) {
      replaceChildren(status, notice('error', describeError(error)));
    } finally {
      button.disabled = false;
    }
  }

  return h(
    'section',
    { class: 'page' },
    h('h1', null, 'Classeurs pour les financeurs'),
    h('p', { class: 'lead' }, 'Chaque classeur indique la position du registre et son empreinte : il peut être reproduit à l’identique plus tard.'),
    h(
      'p',
      { class: 'diff-invite' },
      'Vous tenez un classeur déjà tamponné ? Sa feuille Provenance indique sa position : ',
      h('a', { href: '#/diff' }, 'voyez ce qui a changé depuis'),
      '.',
    ),
    form,
    status,
    list,
  );
}

/**
 * The saved file and its stamp, with the way to what moves after it: an auditor who keeps the
 * workbook comes back to this link to see what changed since its position.
 * @param {string} title @param {string} name @param {string | null} position
 */
function downloadedText(title, name, position) {
  if (position === null || !/^\d+$/.test(position)) return `Classeur ${quoted(title)} téléchargé (${name}).`;
  return h(
    'span',
    null,
    `Classeur ${quoted(title)} téléchargé (${name}), tamponné à la position ${position} du registre. `,
    h('a', { href: `#/diff?from=${position}`, class: 'diff-link' }, `Voir ce qui a changé depuis la position ${position}`),
  );
}
