// The identity block of a fiche action (funding-plan workbook), in the order of the roadmap's
// "Modèle fiche action": intitulé, pilotage, services concernés, rattachement à la feuille de route,
// enjeux – impacts attendus, objectifs opérationnels, partenaires, calendrier prévisionnel. The
// coordinator's facts (ActionSheetSet) fill services, enjeux, objectifs and the calendar; a fact not
// set reads "—", as every other empty row of the block does. The first and last days of the
// action's contributions are a fact of the ledger, not its calendar: they have their own row.
import type { FichePlan } from '../reports/funding-plan.ts';
import type { CalendarStep } from '../domain/events.ts';
import { frenchDate } from './labels.ts';

const NONE = '—';

/** Label and value of each identity row. */
export function ficheIdentityRows(plan: FichePlan): [string, string][] {
  const sheet = plan.sheet;
  return [
    ['Intitulé action', plan.title],
    ['Pilotage', plan.pilot?.name ?? 'non désigné'],
    ...(plan.applicant.partnerId !== plan.pilot?.partnerId ? ([['Demandeur', plan.applicant.name]] as [string, string][]) : []),
    ['Services concernés', sheet?.services ?? NONE],
    ['Rattachement à la feuille de route', plan.axis ? plan.axis.title : NONE],
    ['Enjeux – Impacts attendus', sheet?.stakes ?? NONE],
    ['Objectifs opérationnels', sheet?.objectives ?? NONE],
    ['Partenaires', plan.partners.map((p) => p.name).join(', ') || NONE],
    ['Calendrier prévisionnel de mise en œuvre', sheet && sheet.calendar.length > 0 ? sheet.calendar.map(stepLine).join('\n') : NONE],
    ['Période des contributions', plan.period ? `du ${frenchDate(plan.period.from)} au ${frenchDate(plan.period.to)}` : NONE],
  ];
}

/** "du 01/01/2024 au 30/06/2024 : Expérimentation"; a one-day step "le 12/06/2025 : COPIL". */
export function stepLine(step: CalendarStep): string {
  const when = step.startsOn === step.endsOn ? `le ${frenchDate(step.startsOn)}` : `du ${frenchDate(step.startsOn)} au ${frenchDate(step.endsOn)}`;
  return `${when} : ${step.label}`;
}
