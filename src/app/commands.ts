// The ledger's commands: which stream each one writes, with which context, checked how; the one
// handler (command-handler.ts) loads, decides and appends. This is the only place that writes
// events; the API, the command line and the demo all come through here.
import { contributionDecider, type ContributionCommand } from '../domain/contribution/decider.ts';
import type { ContributionInput } from '../domain/contribution/content.ts';
import type { ContributionState } from '../domain/contribution/state.ts';
import { contributionKeyOfStream, contributionStream, legacyContributionStream, programmeStream, type ContributionEvent, type ProgrammeEvent } from '../domain/events.ts';
import { programmeDecider, type ProgrammeCommand } from '../domain/programme/decider.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from '../domain/programme/state.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import { valueContribution, type Valuation } from '../domain/valuation.ts';
import { formatCents } from '../domain/money.ts';
import { ConflictError } from '../domain/errors.ts';
import { MAX_CONTRIBUTIONS_PER_PROGRAMME, programmeFullBreach } from '../domain/limits.ts';
import type { EventStore } from '../store/port.ts';
import { invalid, NotFoundError } from '../domain/errors.ts';
import { requireActsFor, requireRole, type Actor } from '../domain/actor.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { handle, handleBatch, loadStream, type BatchCommand, type HandleOptions, type LoadedStream } from './command-handler.ts';
import { serviceStream, type ServiceEvent } from '../domain/events.ts';
import { serviceDecider, type ServiceCommand } from '../domain/service/decider.ts';
import { scenarioStream } from '../domain/events.ts';
import { scenarioDecider, type ScenarioCommand } from '../domain/scenario/decider.ts';
import type { Decider } from '../domain/decider.ts';
import type { DomainEvent } from '../domain/events.ts';
import { evolveService, initialServiceState, type ServiceState } from '../domain/service/state.ts';

export interface ProgrammeCommandResult {
  version: number;
  /** Global position of the last event written, or null when the command repeated a stored one. */
  position: number | null;
}

export interface ContributionCommandResult {
  id: string;
  /** The read model's key of the contribution (ledger.ts): its stream's name without the prefix. */
  key: string;
  version: number;
  position: number | null;
  /** Euros as a decimal string, null when unvalued. */
  value: string | null;
  valuation: Valuation;
  state: ContributionState;
}

const CONFLICT_RETRIES = 3;
/** Attempts of a record that meets a concurrent write of its stream (the API's POST, the CLI, the demo). */
const RECORD_ATTEMPTS = 3;

/** A contribution's stream and its state as the command side read it. */
export interface Located {
  stream: string;
  state: ContributionState;
  version: number;
  exists: boolean;
}

/** A programme's set-up as the command side last read it, with the stream version it reached. */
export interface LoadedProgramme {
  state: ProgrammeState;
  version: number;
}

/** A programme's service stream as the command side last read it, with the stream version it reached. */
export interface LoadedService {
  state: ServiceState;
  version: number;
}

export class LedgerCommands {
  /** Programme set-up is read on every contribution command: keep it, and read only what is new. */
  private readonly programmes = new Map<string, LoadedProgramme>();
  /** The same for each programme's service stream: a schedule's POST reads only the events after the kept version. */
  private readonly services = new Map<string, LoadedService>();
  private readonly loads = new KeyedMutex();
  private readonly serviceLoads = new KeyedMutex();

  constructor(
    private readonly store: EventStore,
    private readonly capacity: ProgrammeCapacity = {},
  ) {}

  async programme(programmeId: string): Promise<LoadedProgramme> {
    return this.loads.run(programmeId, async () => {
      let cached = this.programmes.get(programmeId);
      if (!cached) cached = { state: initialProgrammeState(), version: 0 };
      const tail = await this.store.readStream(programmeStream(programmeId), { from: cached.version + 1 });
      for (const e of tail.events) {
        evolveProgramme(cached.state, toDomainEvent(e.type, e.schemaVersion, e.data) as ProgrammeEvent);
        cached.version = e.streamVersion;
      }
      if (cached.state.opened) this.programmes.set(programmeId, cached);
      return cached;
    });
  }

  /**
   * The service state of a programme, brought up to date from the stream's tail. Kept only once
   * the stream exists (an unknown programme's empty read is not held); the decider mutates nothing
   * (evolve does, here and only here), so the handler reads the appended events back next time.
   */
  async service(programmeId: string): Promise<LoadedService & { exists: boolean }> {
    return this.serviceLoads.run(programmeId, async () => {
      const cached = this.services.get(programmeId) ?? { state: initialServiceState(), version: 0 };
      const tail = await this.store.readStream(serviceStream(programmeId), { from: cached.version + 1 });
      for (const e of tail.events) {
        evolveService(cached.state, toDomainEvent(e.type, e.schemaVersion, e.data) as ServiceEvent);
        cached.version = e.streamVersion;
      }
      if (tail.streamExists) this.services.set(programmeId, cached);
      return { ...cached, exists: tail.streamExists };
    });
  }

  async handleProgramme(command: ProgrammeCommand, actor: Actor): Promise<ProgrammeCommandResult> {
    // The treasurer publishes figures too (it exports the funders' workbooks); set-up is the coordination's.
    if (command.type === 'PublishFigures') requireRole(actor, 'coordinator', 'treasurer');
    else requireRole(actor, 'coordinator');
    const programmeId = command.data.programmeId;
    // Set-up commands are checked against the latest set-up: on a conflict, decide again on a fresh read.
    const handled = await handle(this.store, programmeDecider, programmeStream(programmeId), command, {
      actor,
      context: () => undefined,
      attempts: CONFLICT_RETRIES,
      load: async () => ({ ...(await this.programme(programmeId)), exists: true }),
      stateAfter: false,
    });
    return { version: handled.version, position: handled.position };
  }

  /**
   * Service hours, targets, indicators and measurements (issue 15): one stream per programme, decided
   * against the programme's set-up and the actor (the decider scopes partners to their own sites
   * and actions). Writers of one programme meet on that stream: a conflict is decided again.
   */
  async handleService(command: ServiceCommand, actor: Actor): Promise<ProgrammeCommandResult> {
    const programmeId = command.programmeId;
    // The kept state (constant in the stream's length); evolve mutates it, so the handler does not fold into it.
    return this.handleBesideProgramme(serviceDecider, serviceStream(programmeId), command, actor, { load: () => this.service(programmeId), stateAfter: false });
  }

  /**
   * What-if scenarios (issue 16): one stream per programme, scenarios-<programmeId>, decided against
   * the programme's set-up and the actor (the coordinator alone writes: scenario/decider.ts). The
   * ledger's fold skips the stream, so nothing written here reaches the real figures.
   */
  async handleScenario(command: ScenarioCommand, actor: Actor): Promise<ProgrammeCommandResult> {
    return this.handleBesideProgramme(scenarioDecider, scenarioStream(command.programmeId), command, actor, {});
  }

  /**
   * A command on a stream kept beside a programme's (service hours, scenarios): decided against the
   * programme's latest set-up and the actor, and decided again on a conflict.
   */
  private async handleBesideProgramme<C extends { programmeId: string }, E extends DomainEvent, S>(
    decider: Decider<C, E, S, { programme: ProgrammeState; actor: Actor }>,
    stream: string,
    command: C,
    actor: Actor,
    reading: Pick<HandleOptions<S, unknown>, 'load' | 'stateAfter'>,
  ): Promise<ProgrammeCommandResult> {
    const handled = await handle(this.store, decider, stream, command, {
      actor,
      attempts: CONFLICT_RETRIES,
      context: async () => ({ programme: (await this.programme(command.programmeId)).state, actor }),
      ...reading,
    });
    return { version: handled.version, position: handled.position };
  }

  /**
   * Closes a year of the programme at the head as it stands now (issue 16): the closing records
   * that position and its hash, and the year's closed account is the ledger there. An event
   * appended meanwhile comes after that position: it is a post-closing adjustment, as it should be.
   */
  async closePeriod(data: { programmeId: string; year: number; reason: string }, actor: Actor): Promise<ProgrammeCommandResult> {
    const head = await this.store.head();
    return this.handleProgramme({ type: 'ClosePeriod', data: { ...data, position: head.position, headHash: head.hash } }, actor);
  }

  private requireRoom(programmeId: string): void {
    const count = this.capacity.contributionsIn?.(programmeId) ?? 0;
    const full = programmeFullBreach(count, this.capacity.maxPerProgramme ?? MAX_CONTRIBUTIONS_PER_PROGRAMME);
    if (full !== undefined) throw new ConflictError(full);
  }

  /** A contribution's state from its stream (by name). */
  loadStream(stream: string): Promise<LoadedStream<ContributionState>> {
    return loadStream(this.store, contributionDecider, stream);
  }

  /**
   * The stream of contribution `contributionId` of `partnerId` in the programme (commands.ts's
   * identity: programme, partner, client id; see events.ts). One recorded before identities were
   * scoped keeps its own stream (`contribution-<id>`), found when it is this programme's and this
   * partner's. Without a partner (a coordinator's command from the command line or the demo), the
   * one contribution of that id in the programme, whichever its partner; two are a 400 that asks
   * for the partner.
   */
  async locate(programmeId: string, contributionId: string, partnerId: string | undefined, partners: Iterable<string>): Promise<Located> {
    const legacy = await this.loadStream(legacyContributionStream(contributionId));
    const legacyHere = legacy.exists && legacy.state.programmeId === programmeId;
    if (partnerId !== undefined) {
      if (legacyHere && legacy.state.content?.partnerId === partnerId) return { stream: legacyContributionStream(contributionId), ...legacy };
      const stream = contributionStream(programmeId, partnerId, contributionId);
      return { stream, ...(await this.loadStream(stream)) };
    }
    if (legacyHere) return { stream: legacyContributionStream(contributionId), ...legacy };
    const found: Located[] = [];
    for (const partner of partners) {
      const stream = contributionStream(programmeId, partner, contributionId);
      const loaded = await this.loadStream(stream);
      if (loaded.exists) found.push({ stream, ...loaded });
    }
    if (found.length > 1)
      throw invalid('partnerId', `plusieurs partenaires ont une contribution ${contributionId} dans le programme ${programmeId} : précisez le partenaire`);
    return found[0] ?? { stream: legacyContributionStream(contributionId), ...legacy };
  }

  /**
   * `expectedVersion` (corrections, withdrawals, validations, rejections) is the version the client
   * last saw; a stale one is a conflict even when the decision would otherwise pass. `programme`:
   * the command's programme as the caller has just read it with programme() (the API does, to check
   * the caller's access), so that one request reads the programme's stream once, not twice.
   */
  async handleContribution(
    command: ContributionCommand,
    actor: Actor,
    expectedVersion?: number,
    programme?: LoadedProgramme,
  ): Promise<ContributionCommandResult> {
    const { programmeId, contributionId } = command;
    if (programme === undefined || programme !== this.programmes.get(programmeId)) programme = await this.programme(programmeId);
    // A partner reaches only its own identities: another partner's contribution is, to it, an id nobody took.
    const partnerId = command.type === 'RecordContribution' ? command.content.partnerId : actor.role === 'partner' ? actor.partnerId : command.partnerId;
    const current = await this.locate(programmeId, contributionId, partnerId, programme.state.partners.keys());
    const stream = current.stream;
    if (command.type === 'CorrectContribution' && current.state.content && command.content.partnerId !== current.state.content.partnerId)
      throw invalid('partnerId', 'une correction ne change pas le partenaire d’une contribution : retirez-la et enregistrez-la pour l’autre partenaire');

    const context = programme.state;
    let located: Located | undefined = current;
    // A record met by a concurrent one of the same id is decided again on a fresh read (the same
    // content decides nothing, other content is a conflict); other commands carry the version the
    // client saw, so a conflict is theirs to resolve.
    const { state, version, position } = await handle(this.store, contributionDecider, stream, command, {
      actor,
      context: () => context,
      attempts: command.type === 'RecordContribution' ? RECORD_ATTEMPTS : 1,
      ...(expectedVersion !== undefined && { expectedVersion }),
      load: async () => {
        const read = located ?? { stream, ...(await this.loadStream(stream)) };
        located = undefined;
        return read;
      },
      check: ({ state }) => {
        authorize(command, state, actor);
        if (command.type === 'RecordContribution' && state.content === undefined) this.requireRoom(programmeId);
      },
    });
    const valuation = valueContribution(state.content!, programme.state.rates.values());
    return {
      id: contributionId,
      key: contributionKeyOfStream(stream),
      version,
      position,
      value: valuation.value === null ? null : formatCents(valuation.value),
      valuation,
      state,
    };
  }

  /**
   * An import's batch of recordings (src/app/import-contributions.ts): each located, checked and
   * decided as handleContribution does, against the programme read once, then the batch's new
   * contributions written by one store append (handleBatch: appendMany, one transaction per batch,
   * whole or not at all). One row's refusal never throws: its error is its outcome. `dryRun` reads
   * and decides, and writes nothing.
   */
  async recordBatch(programmeId: string, items: readonly BatchItem[], actor: Actor, dryRun: boolean): Promise<BatchOutcome[]> {
    const programme = await this.programme(programmeId);
    const commands: BatchCommand<ContributionCommand, ContributionState, ProgrammeState>[] = [];
    const located: (Located | Error)[] = await Promise.all(
      items.map((item) => this.locate(programmeId, item.contributionId, item.content.partnerId, programme.state.partners.keys()).catch((error: Error) => error)),
    );
    items.forEach((item, index) => {
      const found = located[index]!;
      if (found instanceof Error) return;
      const command: ContributionCommand = { type: 'RecordContribution', programmeId, contributionId: item.contributionId, content: item.content };
      commands.push({ stream: found.stream, command, options: this.recordOptions(command, programme, found, actor) });
    });
    const results = await handleBatch(this.store, contributionDecider, commands, dryRun);
    let next = 0;
    return located.map((found): BatchOutcome => {
      if (found instanceof Error) return { outcome: 'refused', error: found };
      const result = results[next++]!;
      return result.outcome === 'refused' ? result : { outcome: result.outcome === 'written' ? 'recorded' : 'already' };
    });
  }

  /** How handle() records one located contribution of an import: read once, then afresh on a retry. */
  private recordOptions(command: ContributionCommand, programme: LoadedProgramme, found: Located, actor: Actor): HandleOptions<ContributionState, ProgrammeState> {
    let first: Located | undefined = found;
    return {
      actor,
      context: () => programme.state,
      attempts: RECORD_ATTEMPTS,
      load: async () => {
        const read = first ?? { stream: found.stream, ...(await this.loadStream(found.stream)) };
        first = undefined;
        return read;
      },
      check: ({ state }) => {
        authorize(command, state, actor);
        if (state.content === undefined) this.requireRoom(command.programmeId);
      },
    };
  }
}

export interface BatchItem {
  contributionId: string;
  content: ContributionInput;
}

export type BatchOutcome = { outcome: 'recorded' | 'already' } | { outcome: 'refused'; error: unknown };

/** How many contributions a programme holds, as the writer's read model has it (limits.ts, the cap). */
export interface ProgrammeCapacity {
  contributionsIn?: (programmeId: string) => number;
  /** Tests lower it to reach it; MAX_CONTRIBUTIONS_PER_PROGRAMME otherwise. */
  maxPerProgramme?: number;
}

function authorize(command: ContributionCommand, state: ContributionState, actor: Actor): void {
  // To a partner, another partner's contribution does not exist: the same error, word for word, as
  // the decider's for an id nobody took (no answer may tell a partner that an id is taken). A
  // partner's commands locate only its own identities (locate); this holds even if one did not.
  if ((command.type === 'CorrectContribution' || command.type === 'WithdrawContribution') && actor.role === 'partner' && state.content && state.content.partnerId !== actor.partnerId)
    throw new NotFoundError(`unknown contribution ${command.contributionId} in programme ${command.programmeId}`);
  switch (command.type) {
    case 'RecordContribution':
      return requireActsFor(actor, command.content.partnerId);
    case 'CorrectContribution':
      if (state.content) requireActsFor(actor, state.content.partnerId);
      return requireActsFor(actor, command.content.partnerId);
    case 'WithdrawContribution':
      if (state.content) requireActsFor(actor, state.content.partnerId);
      else requireRole(actor, 'coordinator', 'partner');
      return;
    case 'ValidateContribution':
    case 'RejectContribution':
      return requireRole(actor, 'coordinator');
  }
}
