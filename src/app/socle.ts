// The composition root: one store, the command handlers that write to it, and the live read model
// that answers queries. The API server and the command line both open one of these.
import { LiveProjection, replay, type Checkpoint } from '../read-model/runner.ts';
import { ledgerProjection, requireProgramme, type LedgerState } from '../read-model/ledger.ts';
import { deepFreeze } from '../read-model/deep-freeze.ts';
import { RetainedVersions } from '../read-model/retained-versions.ts';
import type { ReadSource } from '../exports/read-source.ts';
import { resolveAsOf, versionSource } from './read-sources.ts';
import { resolveAsOfDate, type ResolvedAsOfDate } from './as-of-date.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { specError } from '../reports/report-specs.ts';
import { readContributionHistory, type HistoryEntry } from '../reports/contribution-history.ts';
import { totalsDocument, type TotalsDocument, type TotalsFilters } from '../reports/totals-document.ts';
import { openStore } from '../store/open-store.ts';
import { readLedgerSnapshot, type SnapshotRead } from './ledger-snapshot-file.ts';
import type { EventStore } from '../store/port.ts';
import { LedgerCommands } from './commands.ts';
import { WorkGate } from './work-gate.ts';
import { LogMerkle } from '../store/log-merkle.ts';
import { serviceStream } from '../domain/events.ts';
import { foldServiceBook, type ServiceBook } from '../read-model/service-book.ts';

export class Socle {
  readonly commands: LedgerCommands;
  readonly live: LiveProjection<LedgerState>;
  /** Versions kept along the log: an as-of read replays from the nearest one before it. */
  readonly retained: RetainedVersions<LedgerState>;
  /** The log's Merkle tree, built on the first proof asked for and grown from there (see log-merkle.ts). */
  readonly merkle: LogMerkle;
  /** The last as-of versions answered: the same stamp asked again (a workbook and its reproduction) costs nothing. */
  private readonly recentAsOf = new Map<number, Promise<Checkpoint<LedgerState>>>();
  /** The versions of the latest publications: every partner read takes the others' figures from one (partner-read.ts). */
  private readonly publicationVersions = new Map<number, Promise<Readonly<Checkpoint<LedgerState>>>>();
  private readonly freeze: ((version: Readonly<Checkpoint<LedgerState>>) => void) | undefined;
  /** As-of replays run one at a time (work-gate.ts): what they cost the other requests is one slice. */
  private readonly replays = new WorkGate(REPLAYS_AT_ONCE, REPLAYS_WAITING);

  private constructor(
    readonly store: EventStore,
    from: Checkpoint<LedgerState> | undefined,
    freezeVersions: boolean,
    retainEvery: number,
    maxContributionsPerProgramme: number | undefined,
    private readonly now: () => Date,
  ) {
    this.commands = new LedgerCommands(store, {
      contributionsIn: (programmeId) => this.live.current.state.programmes.get(programmeId)?.contributionIds.length ?? 0,
      ...(maxContributionsPerProgramme !== undefined && { maxPerProgramme: maxContributionsPerProgramme }),
    });
    this.merkle = new LogMerkle(store);
    // Frozen versions make any write into what a reader holds throw (tests run with it on).
    const freeze = freezeVersions ? (version: Readonly<Checkpoint<LedgerState>>) => void deepFreeze(version) : undefined;
    this.freeze = freeze;
    this.retained = new RetainedVersions<LedgerState>(retainEvery, RETAIN_AT_MOST, freeze);
    this.live = new LiveProjection(store, ledgerProjection, from, { retain: this.retained, ...(freeze && { onPublish: freeze }) });
  }

  /**
   * Opens the store in `dataDir` (or the one the environment names) and catches the read model up,
   * from the read model's snapshot in `dataDir` when there is one this log and this code can use
   * (see ledger-snapshot-file.ts), otherwise from the first event.
   */
  static async open(options: OpenOptions): Promise<Socle> {
    const store = await openStore(options);
    try {
      const from = options.snapshot === false ? undefined : await usableSnapshot(options.dataDir, store, options.onSnapshot);
      return await Socle.onStore(store, from, options);
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  static async onStore(store: EventStore, from?: Checkpoint<LedgerState>, options: ReadModelOptions = {}): Promise<Socle> {
    const socle = new Socle(store, from, options.freezeVersions ?? process.env.SOCLE_FREEZE_VERSIONS === '1', options.retainEvery ?? RETAIN_EVERY, options.maxContributionsPerProgramme, options.now ?? (() => new Date()));
    await socle.live.start();
    return socle;
  }

  /**
   * One immutable version of the read model: the live one, or the ledger as it stood right after
   * global position `asOf` (refused beyond the head). Its state, position and hash belong together
   * and never change, whatever is appended while the caller reads it.
   */
  async ledgerAt(asOf?: number): Promise<Readonly<Checkpoint<LedgerState>>> {
    const current = this.live.current;
    if (asOf === undefined || asOf === current.position) return current;
    if (asOf > current.position) {
      // Another process may have written a moment ago: let the live model reach it.
      await resolveAsOf(this.store, asOf);
      await this.live.waitFor(asOf);
      const caughtUp = this.live.current;
      if (caughtUp.position === asOf) return caughtUp;
    }
    // Asked again (a workbook and its reproduction, or many readers of one stamp): one replay.
    let version = this.recentAsOf.get(asOf);
    if (version === undefined) {
      const from = this.live.nearestKept(asOf);
      version = this.replays.run(() => replay(this.store, ledgerProjection, { to: asOf, ...(from && { from }) })).then((v) => (this.freeze?.(v), v));
      this.recentAsOf.set(asOf, version);
      version.catch(() => this.recentAsOf.delete(asOf));
      if (this.recentAsOf.size > RECENT_AS_OF) this.recentAsOf.delete(this.recentAsOf.keys().next().value!);
    }
    return version;
  }

  /**
   * The version at a publication's position, kept apart from the as-of versions above so that
   * auditors' replays never push out the one every partner's live read needs.
   */
  publicationVersion(position: number): Promise<Readonly<Checkpoint<LedgerState>>> {
    let version = this.publicationVersions.get(position);
    if (version === undefined) {
      version = this.ledgerAt(position);
      this.publicationVersions.set(position, version);
      version.catch(() => this.publicationVersions.delete(position));
      if (this.publicationVersions.size > PUBLICATION_VERSIONS) this.publicationVersions.delete(this.publicationVersions.keys().next().value!);
    }
    return version;
  }

  /**
   * The position a read of `programmeId` names: `asOf` as given, or the one `asOfDate` resolves to
   * (as-of-date.ts: refused before the programme's first event, in the future, or malformed). Both
   * at once are refused: they could name two versions.
   */
  async positionAsked(programmeId: string, asked: { asOf?: number | undefined; asOfDate?: string | undefined }): Promise<{ asOf?: number; date?: ResolvedAsOfDate }> {
    if (asked.asOfDate === undefined) return asked.asOf === undefined ? {} : { asOf: asked.asOf };
    if (asked.asOf !== undefined) throw specError([{ path: 'asOfDate', message: DOMAIN_FR.asOfAndDate }]);
    const date = await resolveAsOfDate(this.store, programmeId, asked.asOfDate, this.now());
    return { asOf: date.position, date };
  }

  /** What a workbook reads: one version (see ledgerAt) and the log cut at its position. */
  async readSource(asOf?: number): Promise<ReadSource> {
    return versionSource(this.store, await this.ledgerAt(asOf));
  }

  /** Read-your-writes: resolves once the read model has folded everything up to `position`. */
  async caughtUpTo(position: number | null): Promise<void> {
    if (position !== null) await this.live.waitFor(position);
  }

  async totals(programmeId: string, filters: TotalsFilters, asOf?: number): Promise<TotalsDocument> {
    const ledger = await this.ledgerAt(asOf);
    return totalsDocument(ledger, requireProgramme(ledger.state, programmeId), filters);
  }

  /** A contribution's history (by its read-model key) as it stood right after `upTo` (a position the caller's read model has reached). */
  contributionHistory(key: string, upTo: number): Promise<HistoryEntry[]> {
    return readContributionHistory(this.store, key, upTo);
  }

  /**
   * A programme's service facts as they stood right after global position `position` (a version's,
   * or the latest a partner may be shown): its one stream, read and cut there (service-book.ts).
   */
  async serviceBook(programmeId: string, position: number): Promise<ServiceBook> {
    const stream = await this.store.readStream(serviceStream(programmeId));
    return foldServiceBook(programmeId, stream.events, position);
  }

  async close(): Promise<void> {
    await this.live.stop();
    await this.store.close();
  }
}

/** Events between two kept versions at first (the interval doubles as the log grows, see retained-versions.ts). */
const RETAIN_EVERY = 2_000;
const RETAIN_AT_MOST = 8;
const RECENT_AS_OF = 4;
const REPLAYS_AT_ONCE = 1;
/** Beyond, an as-of read is refused at once (BusyError, 503): each token has at most two heavy reads in flight (read-limits.ts). */
const REPLAYS_WAITING = 32;
const PUBLICATION_VERSIONS = 4;

export interface ReadModelOptions {
  /** Deep-freeze every version handed to a reader (default: SOCLE_FREEZE_VERSIONS=1; the tests' runner sets it). */
  freezeVersions?: boolean;
  /** Events between two versions kept for as-of reads, at first. */
  retainEvery?: number;
  /** Tests lower the cap on contributions per programme (src/domain/limits.ts) to reach it. */
  maxContributionsPerProgramme?: number;
  /** The time an as-of date is checked against (a date in the future is refused); default the system clock. */
  now?: () => Date;
}

export interface OpenOptions extends ReadModelOptions {
  dataDir: string;
  clock?: () => Date;
  /** false: replay from the first event even if a snapshot is there. */
  snapshot?: boolean;
  /** Told whether the snapshot was used, and why not. */
  onSnapshot?: (report: SnapshotReport) => void;
}

/** `refused`: a snapshot was there but must not be trusted (forged, or not a regular file). */
export type SnapshotReport = { used: true; position: number; ms: number } | { used: false; why: string; refused?: boolean };

async function usableSnapshot(dataDir: string, store: EventStore, report: OpenOptions['onSnapshot']): Promise<Checkpoint<LedgerState> | undefined> {
  const started = performance.now();
  let read: SnapshotRead;
  try {
    read = await readLedgerSnapshot(dataDir, store);
  } catch (error) {
    // A snapshot is only a cache: one that cannot be read costs a replay, never the start.
    read = { unusable: `il n'a pas pu être lu (${(error as Error).message})` };
  }
  if ('unusable' in read) {
    report?.({ used: false, why: read.unusable, ...(read.refused && { refused: true }) });
    return undefined;
  }
  report?.({ used: true, position: read.checkpoint.position, ms: performance.now() - started });
  return read.checkpoint;
}

/** Kept here for the callers that have always found it here; it lives with the read model. */
export { requireProgramme };
