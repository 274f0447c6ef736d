// Acte 3's three orientations (seeds: the Acte 3 presentation, « 3 exemples d'orientation du projet »)
// as what-if scenarios of the demo, drawn on the ledger as the demo loaded it and compared on the
// planned figures of 2025. Loaded through the command handler as a coordinator would; a second load
// writes nothing (a scenario already drafted is left as it is, facts are idempotent by id).
import type { Actor } from '../domain/actor.ts';
import type { ScenarioFact } from '../domain/events.ts';
import type { Socle } from '../app/socle.ts';
import { draftScenario, scenarioBookAt } from '../app/scenarios.ts';
import { ACTE3 } from './setup.ts';

const COORDINATOR: Actor = { name: 'demo:coordination', role: 'coordinator' };

/** The year the orientations are compared on: the last year the demo plans. */
export const ORIENTATIONS_YEAR = 2025;

interface Orientation {
  scenarioId: string;
  title: string;
  description: string;
  facts: [string, ScenarioFact][];
}

const drop = (partnerId: string): [string, ScenarioFact] => [`sans-${partnerId}`, { kind: 'drop-partner', partnerId }];
const scale = (factId: string, kind: 'premises' | 'volunteer_time', factor: string): [string, ScenarioFact] => [factId, { kind: 'scale-contributions', factor, contributionKind: kind, status: 'planned', year: ORIENTATIONS_YEAR }];

export const ORIENTATIONS: readonly Orientation[] = [
  {
    scenarioId: 'echec-des-communs',
    title: 'Échec des communs',
    description:
      'Pas de socle commun ni de lisibilité des contributions de tous : l’équipe de médiateurs socio-numériques du CCAS intègre l’offre métropolitaine comme sous-dispositif, hors de la gouvernance du GT ESC (son temps sort du budget commun) ; les lieux associatifs et les bénévoles aussi ; les espaces-temps ne doublent pas.',
    facts: [drop('ccas'), drop('carrefour18'), drop('maison-aines'), drop('la-plume'), drop('benevoles'), scale('sans-doublement', 'premises', '0.5')],
  },
  {
    scenarioId: 'succes-des-communs',
    title: 'Succès des communs',
    description:
      'Contributions de tous pour assurer le socle commun et le partage des espaces-temps et moyens techniques : les demi-journées de salles partagées et les heures de bénévolat prévues doublent.',
    facts: [scale('double-salles', 'premises', '2'), scale('double-benevolat', 'volunteer_time', '2')],
  },
  {
    scenarioId: 'ambition',
    title: 'Garder la possibilité d’être ambitieux',
    description:
      'Un ETP par lieu (1 607 h par an au taux du partenaire du lieu) avec coordination commune, et recherche de financements sur la base du budget commun : le besoin de financement est ce qu’il faut aller chercher.',
    facts: [
      ['etp-par-lieu', { kind: 'staff-per-site', hoursPerSite: '1607', year: ORIENTATIONS_YEAR, status: 'planned', actionId: 'socle-commun' }],
      [
        'coordination-commune',
        {
          kind: 'add-contribution',
          content: { partnerId: 'ville', kind: 'staff_time', status: 'planned', date: `${ORIENTATIONS_YEAR}-01-01`, until: `${ORIENTATIONS_YEAR}-12-31`, quantity: '1607', unit: 'hour', actionId: 'socle-commun', description: 'Coordination commune : un ETP' },
        },
      ],
    ],
  },
];

/** Drafts the orientations not drafted yet, adds their facts; answers the number of events written. */
export async function loadOrientations(socle: Socle): Promise<number> {
  let written = 0;
  // The three are drawn on one base, the ledger as loaded: they differ from each other by their facts alone.
  const base = (await socle.store.head()).position;
  const book = await scenarioBookAt(socle.store, ACTE3, base);
  for (const o of ORIENTATIONS) {
    if (!book.scenarios.has(o.scenarioId)) {
      const drafted = await draftScenario(socle, { programmeId: ACTE3, scenarioId: o.scenarioId, title: o.title, description: o.description, asOf: base }, COORDINATOR);
      if (drafted.position !== null) written += 1;
    }
    for (const [factId, fact] of o.facts) {
      const added = await socle.commands.handleScenario({ type: 'AddScenarioFact', programmeId: ACTE3, scenarioId: o.scenarioId, factId, fact }, COORDINATOR);
      if (added.position !== null) written += 1;
    }
  }
  return written;
}
