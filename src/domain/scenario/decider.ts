// The rules of what-if scenarios (issue 16), on the stream scenarios-<programmeId>: the coordinator
// alone drafts, copies, edits and archives scenarios and adds or removes their facts (a partner is
// refused: a scenario shows every partner's figures, and what a partner sees of the others is the
// published figures only; the treasurer and the auditor read them). A fact names only what the
// programme's set-up (or an earlier fact of the same scenario) holds. The same command again
// decides nothing; the same id with other content is a conflict.
import { canonicalJson } from '../canonical-json.ts';
import type { Decider } from '../decider.ts';
import type { ContributionContent, ScenarioEvent, ScenarioFact, ScenarioFactEntry } from '../events.ts';
import { ConflictError, ForbiddenError, invalid, InvalidCommandError, NotFoundError } from '../errors.ts';
import type { Actor } from '../actor.ts';
import type { ProgrammeState } from '../programme/state.ts';
import { checkContent } from '../contribution/content.ts';
import { evolveScenarios, initialScenarioBook, type Scenario, type ScenarioBook } from './state.ts';
import { DOMAIN_FR } from '../../messages/fr.ts';
import { SCENARIO_FR } from '../../messages/scenario-fr.ts';

/** Facts one scenario holds at most: each is folded on every read of it. */
export const MAX_FACTS_PER_SCENARIO = 200;

interface Target {
  programmeId: string;
  scenarioId: string;
}

export type ScenarioCommand =
  | ({ type: 'DraftScenario'; title: string; description?: string; basePosition: number; baseHeadHash: string; baseAsOfDate?: string } & Target)
  | ({ type: 'CopyScenario'; fromScenarioId: string; title: string; description?: string } & Target)
  | ({ type: 'EditScenario'; title: string; description?: string } & Target)
  | ({ type: 'AddScenarioFact'; factId: string; fact: ScenarioFact } & Target)
  | ({ type: 'RemoveScenarioFact'; factId: string; reason: string } & Target)
  | ({ type: 'ArchiveScenario'; reason: string } & Target);

/** What a decision needs beyond the stream: the programme's set-up and who acts. */
export interface ScenarioContext {
  programme: ProgrammeState;
  actor: Actor;
}

export const scenarioDecider: Decider<ScenarioCommand, ScenarioEvent, ScenarioBook, ScenarioContext> = {
  initialState: initialScenarioBook,
  evolve: evolveScenarios,
  decide: decideScenario,
};

export function decideScenario(command: ScenarioCommand, state: ScenarioBook, { programme, actor }: ScenarioContext): ScenarioEvent[] {
  const { programmeId, scenarioId } = command;
  if (!programme.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  if (actor.role !== 'coordinator') throw new ForbiddenError(SCENARIO_FR.coordinatorOnly);
  if ('reason' in command && command.reason.trim() === '') throw new InvalidCommandError(DOMAIN_FR.reasonRequired, [{ path: 'reason', message: DOMAIN_FR.mustNotBeEmpty }]);
  const scenario = state.scenarios.get(scenarioId);
  switch (command.type) {
    case 'DraftScenario': {
      const { type: _type, ...data } = command;
      return drafted(scenario, { ...data, facts: [] });
    }
    case 'CopyScenario': {
      const source = requireScenario(state, command.fromScenarioId);
      const copy = { programmeId, scenarioId, title: command.title, ...(command.description !== undefined && { description: command.description }) };
      const base = { basePosition: source.basePosition, baseHeadHash: source.baseHeadHash, ...(source.baseAsOfDate !== undefined && { baseAsOfDate: source.baseAsOfDate }) };
      return drafted(scenario, { ...copy, ...base, copiedFrom: source.scenarioId, facts: source.facts.map((f) => ({ ...f })) });
    }
    case 'EditScenario': {
      const current = requireOpen(state, scenarioId);
      if (current.title === command.title && current.description === command.description) return [];
      const { type: _type, ...data } = command;
      return [{ type: 'ScenarioEdited', data }];
    }
    case 'AddScenarioFact':
      return addFact(command, requireScenario(state, scenarioId), programme);
    case 'RemoveScenarioFact': {
      const current = requireOpen(state, scenarioId);
      if (!current.facts.some((f) => f.factId === command.factId)) throw new NotFoundError(SCENARIO_FR.unknownFact(command.factId, scenarioId));
      const { type: _type, ...data } = command;
      return [{ type: 'ScenarioFactRemoved', data }];
    }
    case 'ArchiveScenario': {
      const current = requireScenario(state, scenarioId);
      if (current.archived) return [];
      const { type: _type, ...data } = command;
      return [{ type: 'ScenarioArchived', data }];
    }
    default: {
      const never: never = command;
      throw new Error(`unhandled scenario command ${(never as { type: string }).type}`);
    }
  }
}

type DraftData = Extract<ScenarioEvent, { type: 'ScenarioDrafted' }>['data'];

/** A draft (or a copy): nothing when the same scenario is there already, a conflict when another is. */
function drafted(existing: Scenario | undefined, data: DraftData): ScenarioEvent[] {
  if (existing === undefined) return [{ type: 'ScenarioDrafted', data }];
  const { programmeId: _programme, ...asked } = data;
  if (canonicalJson({ ...existing, archived: undefined }) === canonicalJson(asked) && existing.archived === undefined) return [];
  throw new ConflictError(DOMAIN_FR.alreadyExists(SCENARIO_FR.scenarioNamed(data.scenarioId)));
}

function requireScenario(state: ScenarioBook, scenarioId: string): Scenario {
  const scenario = state.scenarios.get(scenarioId);
  if (!scenario) throw new NotFoundError(SCENARIO_FR.unknownScenario(scenarioId));
  return scenario;
}

function requireOpen(state: ScenarioBook, scenarioId: string): Scenario {
  const scenario = requireScenario(state, scenarioId);
  if (scenario.archived) throw new ConflictError(SCENARIO_FR.archived(scenarioId));
  return scenario;
}

function addFact(command: Extract<ScenarioCommand, { type: 'AddScenarioFact' }>, scenario: Scenario, programme: ProgrammeState): ScenarioEvent[] {
  const existing = scenario.facts.find((f) => f.factId === command.factId);
  if (existing) {
    if (canonicalJson(existing.fact) === canonicalJson(command.fact)) return [];
    throw new ConflictError(DOMAIN_FR.alreadyExists(SCENARIO_FR.factNamed(command.factId)));
  }
  if (scenario.archived) throw new ConflictError(SCENARIO_FR.archived(scenario.scenarioId));
  if (scenario.facts.length >= MAX_FACTS_PER_SCENARIO) throw new ConflictError(SCENARIO_FR.tooManyFacts(MAX_FACTS_PER_SCENARIO));
  const fact = checkFact(command.fact, programme, scenario.facts, command.programmeId);
  return [{ type: 'ScenarioFactAdded', data: { programmeId: command.programmeId, scenarioId: command.scenarioId, factId: command.factId, fact } }];
}

/** A fact checked against the set-up as the scenario makes it (its funders added so far count as partners). */
function checkFact(fact: ScenarioFact, programme: ProgrammeState, earlier: readonly ScenarioFactEntry[], programmeId: string): ScenarioFact {
  const funders = new Set(earlier.flatMap((e) => (e.fact.kind === 'add-funder' ? [e.fact.partnerId] : [])));
  const isPartner = (partnerId: string) => programme.partners.has(partnerId) || funders.has(partnerId);
  const requirePartner = (partnerId: string) => {
    if (!isPartner(partnerId)) throw invalid('fact.partnerId', DOMAIN_FR.unknownPartner(partnerId));
  };
  const requireAction = (actionId: string | undefined) => {
    if (actionId !== undefined && !programme.actions.has(actionId)) throw invalid('fact.actionId', DOMAIN_FR.unknownAction(actionId));
  };
  switch (fact.kind) {
    case 'add-contribution':
      return { ...fact, content: checkScenarioContent(fact.content, programme, funders, programmeId) };
    case 'staff-per-site':
    case 'add-funder':
      requireAction(fact.actionId);
      return fact;
    case 'remove-contribution':
    case 'drop-partner':
      requirePartner(fact.partnerId);
      return fact;
    case 'scale-contributions':
      if (fact.partnerId !== undefined) requirePartner(fact.partnerId);
      return fact;
    case 'set-rate': {
      const taken = programme.rates.has(fact.rate.rateId) || earlier.some((e) => e.fact.kind === 'set-rate' && e.fact.rate.rateId === fact.rate.rateId);
      if (taken) throw invalid('fact.rate.rateId', SCENARIO_FR.rateTaken(fact.rate.rateId));
      if (fact.rate.partnerId !== undefined) requirePartner(fact.rate.partnerId);
      return fact;
    }
  }
}

/** A hypothetical contribution is checked as a real one is (content.ts), a funder the scenario added being a partner. */
function checkScenarioContent(content: ContributionContent, programme: ProgrammeState, funders: ReadonlySet<string>, programmeId: string): ContributionContent {
  if (!funders.has(content.partnerId)) return checkContent(content, programme, programmeId);
  const partners = new Map(programme.partners);
  partners.set(content.partnerId, { partnerId: content.partnerId, name: content.partnerId, category: 'autre' });
  return checkContent(content, { ...programme, partners }, programmeId);
}
