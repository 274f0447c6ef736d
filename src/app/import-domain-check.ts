// The domain's rules over an imported log: every event is parsed by its schema (after upcasting),
// must sit in the stream its ids name, and must be exactly what the deciders would decide from
// the state the log has built so far. An imported file is not trusted because its hash chain holds
// (anyone can recompute a chain): it is replayed as if each event were a command, through the same
// decide and evolve functions as the API, the command line and the demo.
import { canonicalJson } from '../domain/canonical-json.ts';
import { decideContribution, type ContributionCommand } from '../domain/contribution/decider.ts';
import { evolveContribution, initialContributionState, type ContributionState } from '../domain/contribution/state.ts';
import { contributionStream, legacyContributionStream, EVENT_SCHEMAS, programmeStream, type ContributionEvent, type DomainEvent, type ProgrammeEvent } from '../domain/events.ts';
import { decideProgramme, type ProgrammeCommand } from '../domain/programme/decider.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../domain/programme/state.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import { MAX_CONTRIBUTIONS_PER_PROGRAMME, programmeFullBreach } from '../domain/limits.ts';
import { isServiceEvent, serviceStream, type ServiceEvent } from '../domain/events.ts';
import { decideService } from '../domain/service/decider.ts';
import { evolveService, initialServiceState, type ServiceState } from '../domain/service/state.ts';
import { serviceCommand } from '../domain/service/command-of-event.ts';
import { isScenarioEvent, scenarioStream, type ScenarioEvent } from '../domain/events.ts';
import { decideScenario } from '../domain/scenario/decider.ts';
import { evolveScenarios, initialScenarioBook, type ScenarioBook } from '../domain/scenario/state.ts';
import { scenarioCommand } from '../domain/scenario/command-of-event.ts';
import { CLI_ACTOR } from '../domain/actor.ts';

const CONTRIBUTION_EVENTS: ReadonlySet<string> = new Set<ContributionEvent['type']>([
  'ContributionRecorded',
  'ContributionCorrected',
  'ContributionWithdrawn',
  'ContributionValidated',
  'ContributionRejected',
]);

/** An imported event the domain refuses; the message is French, for the person importing. */
export class ImportRefusal extends Error {}

export class ImportDomainCheck {
  private readonly programmes = new Map<string, ProgrammeState>();
  private readonly contributions = new Map<string, ContributionState>();
  /** Contributions recorded so far in each programme, for the cap (limits.ts). */
  private readonly recorded = new Map<string, number>();
  private readonly services = new Map<string, ServiceState>();
  private readonly scenarios = new Map<string, ScenarioBook>();

  constructor(private readonly maxPerProgramme = MAX_CONTRIBUTIONS_PER_PROGRAMME) {}

  /** Checks the event against the log so far and folds it in; returns it in the current schema. */
  accept(stored: { stream: string; type: string; schemaVersion: number; data: unknown }): DomainEvent {
    const event = parse(stored);
    if (CONTRIBUTION_EVENTS.has(event.type)) this.acceptContribution(stored.stream, event as ContributionEvent);
    else if (isServiceEvent(event)) this.acceptService(stored.stream, event);
    else if (isScenarioEvent(event)) this.acceptScenario(stored.stream, event);
    else this.acceptProgramme(stored.stream, event as ProgrammeEvent);
    return event;
  }

  private acceptProgramme(stream: string, event: ProgrammeEvent): void {
    const { programmeId } = event.data;
    expectStream(stream, programmeStream(programmeId));
    const state = this.programmes.get(programmeId) ?? initialProgrammeState();
    expectDecided(event, () => decideProgramme(programmeCommand(event), state));
    this.programmes.set(programmeId, evolveProgramme(state, event));
  }

  /** Service facts (issue 15): decided as the coordination would, which may write any site's. */
  private acceptService(stream: string, event: ServiceEvent): void {
    const { programmeId } = event.data;
    const programme = this.programmes.get(programmeId) ?? initialProgrammeState();
    const state = this.services.get(programmeId) ?? initialServiceState();
    expectDecided(event, () => decideService(serviceCommand(event), state, { programme, actor: CLI_ACTOR }));
    expectStream(stream, serviceStream(programmeId));
    this.services.set(programmeId, evolveService(state, event));
  }

  /** What-if scenarios (issue 16): decided as the coordination, the only role that writes them. */
  private acceptScenario(stream: string, event: ScenarioEvent): void {
    const { programmeId } = event.data;
    const programme = this.programmes.get(programmeId) ?? initialProgrammeState();
    const state = this.scenarios.get(programmeId) ?? initialScenarioBook();
    expectDecided(event, () => decideScenario(scenarioCommand(event), state, { programme, actor: CLI_ACTOR }));
    expectStream(stream, scenarioStream(programmeId));
    this.scenarios.set(programmeId, evolveScenarios(state, event));
  }

  private acceptContribution(stream: string, event: ContributionEvent): void {
    const { programmeId, contributionId } = event.data;
    // Keyed by stream: a contribution's identity is its programme, partner and id (events.ts). A log
    // written before identities were scoped holds `contribution-<id>` streams: still valid.
    const state = this.contributions.get(stream) ?? initialContributionState();
    const programme = this.programmes.get(programmeId) ?? initialProgrammeState();
    // The rules first (an unknown programme says so), then the stream its identifiers name.
    expectDecided(event, () => decideContribution(contributionCommand(event), state, programme));
    if (event.type === 'ContributionRecorded') {
      const count = this.recorded.get(programmeId) ?? 0;
      const full = programmeFullBreach(count, this.maxPerProgramme);
      if (full !== undefined) throw new ImportRefusal(`${event.type} refusé : ${full}`);
      this.recorded.set(programmeId, count + 1);
    }
    const partnerId = state.content?.partnerId ?? ('content' in event.data ? event.data.content.partnerId : undefined);
    if (stream !== legacyContributionStream(contributionId)) expectStream(stream, contributionStream(programmeId, partnerId ?? '?', contributionId));
    this.contributions.set(stream, evolveContribution(state, event));
  }
}

function parse(stored: { type: string; schemaVersion: number; data: unknown }): DomainEvent {
  let event: DomainEvent;
  try {
    event = toDomainEvent(stored.type, stored.schemaVersion, stored.data);
  } catch {
    throw new ImportRefusal(`type d'événement inconnu de cette version de Socle : ${stored.type} v${stored.schemaVersion}`);
  }
  const parsed = EVENT_SCHEMAS[event.type].schema.safeParse(event.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ImportRefusal(`${event.type} ne suit pas son schéma : ${issue.path.join('.') || 'data'} : ${issue.message}`);
  }
  // The stored form must be the parsed one (trimmed names, no stray field): what a command writes.
  if (canonicalJson(parsed.data) !== canonicalJson(event.data)) throw new ImportRefusal(`${event.type} n'est pas sous la forme qu'écrit Socle`);
  return event;
}

function expectStream(actual: string, expected: string): void {
  if (actual !== expected) throw new ImportRefusal(`l'événement est dans le flux ${actual}, ses identifiants le placent dans ${expected}`);
}

/** The deciders must decide exactly this event: not nothing (a repeat), not an error, not another one. */
function expectDecided(event: DomainEvent, decide: () => DomainEvent[]): void {
  let decided: DomainEvent[];
  try {
    decided = decide();
  } catch (error) {
    throw new ImportRefusal(`${event.type} refusé par les règles du domaine : ${(error as Error).message}`);
  }
  if (decided.length === 0) throw new ImportRefusal(`${event.type} répète un fait déjà enregistré`);
  if (decided.length !== 1 || decided[0]!.type !== event.type || canonicalJson(decided[0]!.data) !== canonicalJson(event.data))
    throw new ImportRefusal(`${event.type} n'est pas ce que les règles du domaine décideraient`);
}

function programmeCommand(event: ProgrammeEvent): ProgrammeCommand {
  switch (event.type) {
    case 'ProgrammeOpened':
      return { type: 'OpenProgramme', data: event.data };
    case 'PartnerJoined':
      return { type: 'AddPartner', data: event.data };
    case 'AxisDefined':
      return { type: 'DefineAxis', data: event.data };
    case 'ActionDefined':
      return { type: 'DefineAction', data: event.data };
    case 'SiteRegistered':
      return { type: 'RegisterSite', data: event.data };
    case 'ValuationRateSet':
      return { type: 'SetValuationRate', data: event.data };
    case 'FiguresPublished':
      return { type: 'PublishFigures', data: event.data };
    // closings (issue 16)
    case 'PeriodClosed':
      return { type: 'ClosePeriod', data: event.data };
    case 'PeriodReopened':
      return { type: 'ReopenPeriod', data: event.data };
    case 'ClosingPolicySet':
      return { type: 'SetClosingPolicy', data: event.data };
    // the fiche action (issue 14)
    case 'ActionSheetSet':
      return { type: 'SetActionSheet', data: event.data };
    default: {
      const never: never = event;
      throw new Error(`unhandled programme event ${(never as { type: string }).type}`);
    }
  }
}

function contributionCommand(event: ContributionEvent): ContributionCommand {
  const { programmeId, contributionId } = event.data;
  switch (event.type) {
    case 'ContributionRecorded':
      return { type: 'RecordContribution', programmeId, contributionId, content: event.data.content };
    case 'ContributionCorrected':
      return { type: 'CorrectContribution', programmeId, contributionId, reason: event.data.reason, content: event.data.content };
    case 'ContributionWithdrawn':
      return { type: 'WithdrawContribution', programmeId, contributionId, reason: event.data.reason };
    case 'ContributionValidated':
      return { type: 'ValidateContribution', programmeId, contributionId };
    case 'ContributionRejected':
      return { type: 'RejectContribution', programmeId, contributionId, reason: event.data.reason };
    default: {
      const never: never = event;
      throw new Error(`unhandled contribution event ${(never as { type: string }).type}`);
    }
  }
}
