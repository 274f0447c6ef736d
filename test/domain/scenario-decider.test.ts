// The rules of what-if scenarios (issue 16), given/when/then: given the scenarios stream's past
// events, when a command (by an actor, against a programme's set-up), then these events or this
// error. Role rule (decided and documented in docs/api.md, « Scénarios »): the coordinator alone
// writes scenarios; a partner, the treasurer and the auditor are refused.
import { test } from 'uvu';
import { decideScenario, type ScenarioCommand } from '../../src/domain/scenario/decider.ts';
import { evolveScenarios, initialScenarioBook, type ScenarioBook } from '../../src/domain/scenario/state.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../../src/domain/programme/state.ts';
import { ConflictError, ForbiddenError, InvalidCommandError, NotFoundError } from '../../src/domain/errors.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { ProgrammeEvent, ScenarioEvent, ScenarioFact } from '../../src/domain/events.ts';
import { specFor } from './given-when-then.ts';

const P = 'acte3';
const setUp: ProgrammeEvent[] = [
  { type: 'ProgrammeOpened', data: { programmeId: P, name: 'Acte 3', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
  { type: 'PartnerJoined', data: { programmeId: P, partnerId: 'ccas', name: 'CCAS', category: 'ccas' } },
  { type: 'ActionDefined', data: { programmeId: P, actionId: 'socle', number: 1, title: 'Socle commun', nature: 'fonctionnement' } },
  { type: 'ValuationRateSet', data: { programmeId: P, rateId: 'smic', kind: 'staff_time', unit: 'hour', amount: '25', validFrom: '2023-01-01', basis: 'coût chargé' } },
];
const programme: ProgrammeState = setUp.reduce(evolveProgramme, initialProgrammeState());
const coordinator: Actor = { name: 'coordination', role: 'coordinator' };
const ccas: Actor = { name: 'ccas', role: 'partner', partnerId: 'ccas' };
const treasurer: Actor = { name: 'trésorerie', role: 'treasurer' };

const as = (actor: Actor) =>
  specFor<ScenarioBook, ScenarioCommand, ScenarioEvent>({
    initialState: initialScenarioBook,
    evolve: evolveScenarios,
    decide: (command, state) => decideScenario(command, state, { programme, actor }),
  });

const HASH = 'a'.repeat(64);
const draft: ScenarioCommand = { type: 'DraftScenario', programmeId: P, scenarioId: 'ambition', title: 'Un ETP par lieu', basePosition: 12, baseHeadHash: HASH };
const drafted: ScenarioEvent = { type: 'ScenarioDrafted', data: { programmeId: P, scenarioId: 'ambition', title: 'Un ETP par lieu', basePosition: 12, baseHeadHash: HASH, facts: [] } };
const etp: ScenarioFact = { kind: 'staff-per-site', hoursPerSite: '1607', year: 2025, status: 'planned', actionId: 'socle' };
const added: ScenarioEvent = { type: 'ScenarioFactAdded', data: { programmeId: P, scenarioId: 'ambition', factId: 'etp', fact: etp } };
const addEtp: ScenarioCommand = { type: 'AddScenarioFact', programmeId: P, scenarioId: 'ambition', factId: 'etp', fact: etp };

test('the coordinator drafts a scenario on a base position; the same draft again decides nothing, another one under that id is a conflict', () => {
  as(coordinator)([]).when(draft).then([drafted]);
  as(coordinator)([drafted]).when(draft).then([]);
  as(coordinator)([drafted]).when({ ...draft, title: 'Autre' }).then(ConflictError, { message: /le scénario ambition existe déjà/ });
});

test('a partner creating a scenario is refused (scenarios show every partner’s figures), and so is the treasurer', () => {
  as(ccas)([]).when(draft).then(ForbiddenError, { message: /seule la coordination crée et modifie les scénarios/ });
  as(treasurer)([]).when(draft).then(ForbiddenError);
  as(ccas)([drafted]).when(addEtp).then(ForbiddenError);
});

test('a fact is added once; the same fact again decides nothing, another under its id is a conflict', () => {
  as(coordinator)([drafted]).when(addEtp).then([added]);
  as(coordinator)([drafted, added]).when(addEtp).then([]);
  as(coordinator)([drafted, added]).when({ ...addEtp, fact: { ...etp, hoursPerSite: '800' } }).then(ConflictError);
});

test('a fact names only what the programme holds, or a funder the scenario added before', () => {
  const grant = (partnerId: string): ScenarioFact => ({ kind: 'add-contribution', content: { partnerId, kind: 'cash', status: 'planned', date: '2025-03-01', amount: '5000', unit: 'eur' } });
  as(coordinator)([drafted]).when({ ...addEtp, factId: 'g', fact: grant('region') }).then(InvalidCommandError, { path: 'partnerId' });
  as(coordinator)([drafted]).when({ ...addEtp, factId: 'd', fact: { kind: 'drop-partner', partnerId: 'nobody' } }).then(InvalidCommandError, { path: 'fact.partnerId' });
  as(coordinator)([drafted]).when({ ...addEtp, fact: { ...etp, actionId: 'nope' } }).then(InvalidCommandError, { path: 'fact.actionId' });
  const funder: ScenarioFact = { kind: 'add-funder', partnerId: 'region', name: 'Région Bretagne', category: 'region', amount: '20000', status: 'planned', date: '2025-01-01' };
  const withFunder: ScenarioEvent = { type: 'ScenarioFactAdded', data: { programmeId: P, scenarioId: 'ambition', factId: 'f', fact: funder } };
  as(coordinator)([drafted, withFunder])
    .when({ ...addEtp, factId: 'g', fact: grant('region') })
    .then([{ type: 'ScenarioFactAdded', data: { programmeId: P, scenarioId: 'ambition', factId: 'g', fact: grant('region') } }]);
  // A rate id the programme holds would be set twice in the scenario's ledger: refused.
  const rate: ScenarioFact = { kind: 'set-rate', rate: { rateId: 'smic', kind: 'staff_time', unit: 'hour', amount: '30', validFrom: '2025-01-01', basis: 'revalorisation' } };
  as(coordinator)([drafted]).when({ ...addEtp, factId: 'r', fact: rate }).then(InvalidCommandError, { path: 'fact.rate.rateId' });
});

test('a copy carries the source’s base and facts; an archived scenario takes no more facts, and may still be copied', () => {
  const archived: ScenarioEvent = { type: 'ScenarioArchived', data: { programmeId: P, scenarioId: 'ambition', reason: 'orientation écartée' } };
  const copy: ScenarioCommand = { type: 'CopyScenario', programmeId: P, scenarioId: 'ambition-2', fromScenarioId: 'ambition', title: 'Un ETP par lieu, bis' };
  const copied: ScenarioEvent = {
    type: 'ScenarioDrafted',
    data: { programmeId: P, scenarioId: 'ambition-2', title: 'Un ETP par lieu, bis', basePosition: 12, baseHeadHash: HASH, copiedFrom: 'ambition', facts: [{ factId: 'etp', fact: etp }] },
  };
  as(coordinator)([drafted, added, archived]).when(copy).then([copied]);
  as(coordinator)([drafted, archived]).when(addEtp).then(ConflictError, { message: /archivé/ });
  as(coordinator)([drafted, added, archived]).when({ type: 'RemoveScenarioFact', programmeId: P, scenarioId: 'ambition', factId: 'etp', reason: 'x' }).then(ConflictError);
  as(coordinator)([drafted, archived]).when({ type: 'ArchiveScenario', programmeId: P, scenarioId: 'ambition', reason: 'encore' }).then([]);
});

test('removing a fact needs a reason and a fact that is there; editing renames', () => {
  const remove: ScenarioCommand = { type: 'RemoveScenarioFact', programmeId: P, scenarioId: 'ambition', factId: 'etp', reason: ' ' };
  as(coordinator)([drafted, added]).when(remove).then(InvalidCommandError, { path: 'reason' });
  as(coordinator)([drafted]).when({ ...remove, reason: 'trop cher' }).then(NotFoundError, { message: /hypothèse inconnue/ });
  as(coordinator)([drafted, added])
    .when({ ...remove, reason: 'trop cher' })
    .then([{ type: 'ScenarioFactRemoved', data: { programmeId: P, scenarioId: 'ambition', factId: 'etp', reason: 'trop cher' } }]);
  as(coordinator)([drafted])
    .when({ type: 'EditScenario', programmeId: P, scenarioId: 'ambition', title: 'Ambition' })
    .then([{ type: 'ScenarioEdited', data: { programmeId: P, scenarioId: 'ambition', title: 'Ambition' } }]);
  as(coordinator)([]).when({ type: 'EditScenario', programmeId: P, scenarioId: 'ambition', title: 'Ambition' }).then(NotFoundError);
});

test.run();
