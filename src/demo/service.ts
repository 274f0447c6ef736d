// The demo's service hours, targets and indicators (issue 15), from the seeds.
// Roche aux Fées (roadmap, fiche « Modulation des temps OpenLab »): FabLab Janzé 21 h a week, Retiers
// 6 h then 9 h from the school year 2024 (Wednesday afternoon added), Amanlis 9 h converted from the
// OpenLab to digital animation and the FabLab éphémère; fiche action 6's 2023 outputs (33 school
// visits, 76 hours of teacher training, 5 equipment loans), measured, with "Poursuivre" read as
// keeping at least the 2023 level. Acte 3: the four places' weekly hours on the three service axes
// (the seed gives no per-place figures: these are illustrative), each place and the whole network
// with the "option basse" target — double the 2023 hours by the end of 2026.
import type { ServiceCommand } from '../domain/service/decider.ts';
import type { IndicatorContent, ServiceScheduleContent } from '../domain/events.ts';
import { ACTE3, RAFCOM } from './setup.ts';

/** One command and who gives it: the partner that runs the site (or pilots the action), else the coordination. */
export interface ServiceStep {
  command: ServiceCommand;
  partnerId?: string;
}

function schedule(programmeId: string, partnerId: string, scheduleId: string, s: ServiceScheduleContent): ServiceStep {
  return { partnerId, command: { type: 'SetSchedule', programmeId, scheduleId, schedule: s } };
}

function doubling(programmeId: string, targetId: string, label: string, siteId?: string): ServiceStep {
  return {
    command: {
      type: 'SetTarget',
      programmeId,
      targetId,
      target: { label, unit: 'hours_per_week', ...(siteId !== undefined && { siteId }), baselineOn: '2023-12-31', multiplier: '2', dueOn: '2026-12-31' },
    },
  };
}

const REFERENCE = 'Feuille de route « Usages du Numérique » 2023-2026, fiche action 6 (bilan 2023)';

function output2023(indicatorId: string, label: string, unit: string, value: string): ServiceStep[] {
  const indicator: IndicatorContent = { actionId: 'a06', label, unit, baseline: value, baselineOn: '2023-12-31', target: value, dueOn: '2026-12-31', direction: 'increase' };
  return [
    { partnerId: 'rafcom', command: { type: 'DefineIndicator', programmeId: RAFCOM, indicatorId, indicator } },
    {
      partnerId: 'rafcom',
      command: { type: 'RecordMeasurement', programmeId: RAFCOM, measurementId: `${indicatorId}-2023`, measurement: { indicatorId, value, periodFrom: '2023-01-01', periodTo: '2023-12-31', evidence: REFERENCE } },
    },
  ];
}

export function rafcomService(): ServiceStep[] {
  const p = RAFCOM;
  return [
    schedule(p, 'rafcom', 'janze-openlab', { siteId: 'fablab-janze', axisId: 'axe4', hoursPerWeek: '21', from: '2023-01-01', note: 'OpenLab' }),
    schedule(p, 'rafcom', 'retiers-openlab-6h', { siteId: 'fablab-retiers', axisId: 'axe4', hoursPerWeek: '6', from: '2023-01-01', until: '2024-08-31', note: 'OpenLab vendredi et samedi après-midi' }),
    schedule(p, 'rafcom', 'retiers-openlab-9h', { siteId: 'fablab-retiers', axisId: 'axe4', hoursPerWeek: '9', from: '2024-09-01', note: 'mercredi après-midi ajouté' }),
    schedule(p, 'rafcom', 'amanlis-openlab', { siteId: 'fablab-amanlis', axisId: 'axe4', hoursPerWeek: '9', from: '2023-01-01', until: '2024-08-31', note: 'OpenLab' }),
    schedule(p, 'rafcom', 'amanlis-animation', { siteId: 'fablab-amanlis', axisId: 'axe2', hoursPerWeek: '9', from: '2024-09-01', note: 'OpenLab converti en animation numérique et FabLab éphémère' }),
    { command: { type: 'SetTarget', programmeId: p, targetId: 'retiers-9h', target: { label: 'OpenLab de Retiers à 9 h par semaine', unit: 'hours_per_week', siteId: 'fablab-retiers', baselineOn: '2023-12-31', value: '9', dueOn: '2024-12-31' } } },
    ...output2023('a06-accueils-scolaires', 'Accueils de groupes scolaires au FabLab', 'accueils', '33'),
    ...output2023('a06-formation-enseignants', 'Formation des enseignants à la fabrication numérique', 'heures', '76'),
    ...output2023('a06-prets-materiel', 'Prêts de matériel pédagogique FabLab', 'emprunts', '5'),
  ];
}

export function acte3Service(): ServiceStep[] {
  const p = ACTE3;
  const s = (partnerId: string, scheduleId: string, siteId: string, axisId: string, hoursPerWeek: string, from = '2023-01-01', until?: string) =>
    schedule(p, partnerId, scheduleId, { siteId, axisId, hoursPerWeek, from, ...(until !== undefined && { until }) });
  return [
    s('carrefour18', 'c18-acces-2023', 'esc-carrefour18', 'acces-libre', '3', '2023-01-01', '2024-08-31'),
    s('carrefour18', 'c18-accompagnement', 'esc-carrefour18', 'accompagnement', '4'),
    s('ville', 'leperdit-acces-2023', 'esc-leperdit', 'acces-libre', '2', '2023-01-01', '2025-01-05'),
    s('ville', 'leperdit-accompagnement', 'esc-leperdit', 'accompagnement', '3'),
    s('ville', 'leperdit-non-recours', 'esc-leperdit', 'non-recours', '3'),
    s('maison-aines', 'aines-accompagnement', 'maison-aines', 'accompagnement', '3'),
    s('la-plume', 'plume-acces', 'epn-la-plume', 'acces-libre', '6'),
    s('la-plume', 'plume-accompagnement', 'epn-la-plume', 'accompagnement', '4'),
    // The CAF computer in free access at Carrefour 18 from the school year 2024; Leperdit's free access doubled in January 2025.
    s('carrefour18', 'c18-acces-caf', 'esc-carrefour18', 'acces-libre', '6', '2024-09-01'),
    s('ville', 'leperdit-acces-2025', 'esc-leperdit', 'acces-libre', '4', '2025-01-06'),
    doubling(p, 'doubler-reseau', 'Doubler l’offre de service aux habitants (heures par semaine)'),
    doubling(p, 'doubler-carrefour18', 'Doubler les heures de l’ESC Carrefour 18', 'esc-carrefour18'),
    doubling(p, 'doubler-leperdit', 'Doubler les heures de l’ESC Leperdit', 'esc-leperdit'),
    doubling(p, 'doubler-aines', 'Doubler les heures de la Maison des aînés et des aidants', 'maison-aines'),
    doubling(p, 'doubler-la-plume', 'Doubler les heures de l’EPN La Plume', 'epn-la-plume'),
  ];
}
