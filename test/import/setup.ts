// The programme the import tests import into: Acte 3's partners, sites and actions, in a memory
// store behind the real command handlers.
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import type { ProgrammeCommand } from '../../src/domain/programme/decider.ts';
import { LedgerCommands } from '../../src/app/commands.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore } from '../../src/store/port.ts';

export const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;
export const PROGRAMME = 'acte3';

export const SET_UP: ProgrammeCommand[] = [
  { type: 'OpenProgramme', data: { programmeId: PROGRAMME, name: 'Acte 3', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
  { type: 'AddPartner', data: { programmeId: PROGRAMME, partnerId: 'ccas', name: 'CCAS de Rennes', category: 'ccas' } },
  { type: 'AddPartner', data: { programmeId: PROGRAMME, partnerId: 'bug', name: 'Association Bug', category: 'association' } },
  { type: 'AddPartner', data: { programmeId: PROGRAMME, partnerId: 'rennes', name: 'Ville de Rennes', category: 'commune' } },
  { type: 'AddPartner', data: { programmeId: PROGRAMME, partnerId: 'cd35', name: 'Département d’Ille-et-Vilaine', category: 'departement' } },
  { type: 'AddPartner', data: { programmeId: PROGRAMME, partnerId: 'caf35', name: 'CAF d’Ille-et-Vilaine', category: 'caf' } },
  { type: 'RegisterSite', data: { programmeId: PROGRAMME, siteId: 'maurepas', name: 'ESC Maurepas', partnerId: 'rennes' } },
  { type: 'RegisterSite', data: { programmeId: PROGRAMME, siteId: 'bellangerais', name: 'ESC Bellangerais', partnerId: 'rennes' } },
  { type: 'DefineAction', data: { programmeId: PROGRAMME, actionId: 'a1', number: 1, title: 'Permanences numériques', nature: 'fonctionnement' } },
  { type: 'DefineAction', data: { programmeId: PROGRAMME, actionId: 'a2', number: 2, title: 'Ateliers collectifs', nature: 'fonctionnement' } },
  { type: 'SetValuationRate', data: { programmeId: PROGRAMME, rateId: 'benevolat', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2023-01-01', basis: 'SMIC horaire brut' } },
  { type: 'SetValuationRate', data: { programmeId: PROGRAMME, rateId: 'salarie', kind: 'staff_time', unit: 'hour', amount: '25', validFrom: '2023-01-01', basis: 'coût horaire chargé' } },
];

export async function setUp(store: EventStore = createMemoryStore()): Promise<{ store: EventStore; commands: LedgerCommands }> {
  const commands = new LedgerCommands(store);
  for (const command of SET_UP) await commands.handleProgramme(command, CLI_ACTOR);
  return { store, commands };
}
