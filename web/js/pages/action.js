// An action's page (#/action/ID, issue 15): what the action is (its number, title, axis and
// pilot) and its indicators panel — each indicator's latest value against its target — then, per
// indicator, its measurements drawn against the trajectory from the baseline to the target, with
// the same figures in a table. Reached from the dashboard's indicators panel; every role reads it
// (indicators are public to the programme's partners, as its set-up is). Above them, the fiche
// action's own fields (action-sheet.js), which the coordinator fills in here.
import { api, describeError } from '../api.js';
import { h, notice, replaceChildren, takeFlash } from '../dom.js';
import { axisTitle, partnerName } from '../setup-model.js';
import { noProgramme, section } from './common.js';
import { frDate, indicatorDetail, indicatorsPanel } from './indicators-panel.js';
import { sheetSection } from './action-sheet.js';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Action');
  const actionId = ctx.params[0] ?? '';
  const action = setup.actions.find((a) => a.id === actionId);
  if (!action) {
    return h('section', { class: 'page' }, h('h1', null, 'Action'), notice('error', `Aucune action « ${actionId} » dans ce programme.`), h('p', null, h('a', { href: '#/tableau' }, 'Retour au tableau de bord')));
  }
  const body = h('div', { class: 'action-body', 'aria-live': 'polite' });
  const page = h(
    'section',
    { class: 'page page-wide' },
    h('p', null, h('a', { href: '#/tableau' }, '← Tableau de bord')),
    h('h1', null, `Action n° ${action.number} — ${action.title}`),
    takeFlash(),
    h('p', { class: 'lead' }, [action.axisId ? `Axe : ${axisTitle(setup, action.axisId)}` : null, action.pilotPartnerId ? `Pilote : ${partnerName(setup, action.pilotPartnerId)}` : null].filter(Boolean).join(' · ')),
    sheetSection(ctx, setup, action),
    body,
  );
  try {
    const read = await api(`/programmes/${encodeURIComponent(setup.id)}/indicators`, { query: { actionId } });
    const indicators = read.indicators;
    replaceChildren(
      body,
      indicatorsPanel(setup, indicators, { id: 'action-indicators', title: `Indicateurs au ${frDate(read.date)}`, linkActions: false }),
      indicators.length === 0 ? null : section('Mesures et trajectoires', ...indicators.map(indicatorDetail)),
      h('p', { class: 'provenance' }, `Registre à la position ${read.asOf.position}.`),
    );
  } catch (error) {
    replaceChildren(body, notice('error', describeError(error)));
  }
  return page;
}
