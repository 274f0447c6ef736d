// The composition root: one store, the command handlers that write to it, and the live read model
// that answers queries. The API server and the command line both open one of these.
import { NotFoundError } from '../domain/errors.ts';
import { LiveProjection, replay, type Checkpoint } from '../../projections/runner.ts';
import { ledgerProjection, type LedgerState, type ProgrammeView } from '../../projections/ledger.ts';
import { totalsDocument, type TotalsDocument, type TotalsFilters } from '../../projections/totals.ts';
import { openStore } from '../store/open-store.ts';
import type { EventStore } from '../store/port.ts';
import { LedgerCommands } from './commands.ts';

export class Socle {
  readonly commands: LedgerCommands;
  readonly live: LiveProjection<LedgerState>;

  private constructor(readonly store: EventStore) {
    this.commands = new LedgerCommands(store);
    this.live = new LiveProjection(store, ledgerProjection);
  }

  /** Opens the store in `dataDir` (or the one the environment names) and catches the read model up. */
  static async open(options: { dataDir: string; clock?: () => Date }): Promise<Socle> {
    const store = await openStore(options);
    return Socle.onStore(store);
  }

  static async onStore(store: EventStore): Promise<Socle> {
    const socle = new Socle(store);
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

  async close(): Promise<void> {
    await this.live.stop();
    await this.store.close();
  }
}

export function requireProgramme(state: LedgerState, programmeId: string): ProgrammeView {
  const programme = state.programmes.get(programmeId);
  if (!programme) throw new NotFoundError(`unknown programme ${programmeId}`);
  return programme;
}
