// The composition root: one store, the command handlers that write to it, and the live read model
// that answers queries. The API server and the command line both open one of these.
import { NotFoundError } from '../domain/errors.ts';
import { LiveProjection, replay, type Checkpoint } from '../../projections/runner.ts';
import { ledgerProjection, type LedgerState, type ProgrammeView } from '../../projections/ledger.ts';
import { readContributionHistory, type HistoryEntry } from '../../projections/contribution-history.ts';
import { totalsDocument, type TotalsDocument, type TotalsFilters } from '../../projections/totals.ts';
import { openStore } from '../store/open-store.ts';
import { readLedgerSnapshot, type SnapshotRead } from './ledger-snapshot-file.ts';
import type { EventStore } from '../store/port.ts';
import { LedgerCommands } from './commands.ts';

export class Socle {
  readonly commands: LedgerCommands;
  readonly live: LiveProjection<LedgerState>;

  private constructor(
    readonly store: EventStore,
    from?: Checkpoint<LedgerState>,
  ) {
    this.commands = new LedgerCommands(store);
    this.live = new LiveProjection(store, ledgerProjection, from);
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
      return await Socle.onStore(store, from);
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  static async onStore(store: EventStore, from?: Checkpoint<LedgerState>): Promise<Socle> {
    const socle = new Socle(store, from);
    await socle.live.start();
    return socle;
  }

  /** The read model now, or as it stood right after global position `asOf`. */
  async ledgerAt(asOf?: number): Promise<Checkpoint<LedgerState>> {
    const current = this.live.current;
    if (asOf === undefined || asOf >= current.position) return current;
    return replay(this.store, ledgerProjection, { to: asOf });
  }

  /** Read-your-writes: resolves once the read model has folded everything up to `position`. */
  async caughtUpTo(position: number | null): Promise<void> {
    if (position !== null) await this.live.waitFor(position);
  }

  async totals(programmeId: string, filters: TotalsFilters, asOf?: number): Promise<TotalsDocument> {
    const ledger = await this.ledgerAt(asOf);
    return totalsDocument(ledger, requireProgramme(ledger.state, programmeId), filters);
  }

  /** A contribution's history as it stood right after `upTo` (a position the caller's read model has reached). */
  contributionHistory(contributionId: string, upTo: number): Promise<HistoryEntry[]> {
    return readContributionHistory(this.store, contributionId, upTo);
  }

  async close(): Promise<void> {
    await this.live.stop();
    await this.store.close();
  }
}

export interface OpenOptions {
  dataDir: string;
  clock?: () => Date;
  /** false: replay from the first event even if a snapshot is there. */
  snapshot?: boolean;
  /** Told whether the snapshot was used, and why not. */
  onSnapshot?: (report: SnapshotReport) => void;
}

export type SnapshotReport = { used: true; position: number; ms: number } | { used: false; why: string };

async function usableSnapshot(dataDir: string, store: EventStore, report: OpenOptions['onSnapshot']): Promise<Checkpoint<LedgerState> | undefined> {
  const started = performance.now();
  let read: SnapshotRead;
  try {
    read = await readLedgerSnapshot(dataDir, store);
  } catch (error) {
    // A snapshot is only a cache: one that cannot be read costs a replay, never the start.
    read = { unusable: `it could not be read (${(error as Error).message})` };
  }
  if ('unusable' in read) {
    report?.({ used: false, why: read.unusable });
    return undefined;
  }
  report?.({ used: true, position: read.checkpoint.position, ms: performance.now() - started });
  return read.checkpoint;
}

export function requireProgramme(state: LedgerState, programmeId: string): ProgrammeView {
  const programme = state.programmes.get(programmeId);
  if (!programme) throw new NotFoundError(`unknown programme ${programmeId}`);
  return programme;
}
