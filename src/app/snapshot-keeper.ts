// When a long-running process (`socle serve`) writes the read model's snapshot, so that its next
// start loads it instead of replaying the whole log: whenever the read model is `every` events past
// the snapshot (or has none), looked at once a minute; and on a graceful shutdown. Writing blocks the event loop while the state is
// encoded (about a second per 300,000 events), so it is never done per request. Small ledgers replay
// in a blink and get no snapshot. A failed write is reported and changes nothing else.
import { writeLedgerSnapshot, type SnapshotWritten } from './ledger-snapshot-file.ts';
import type { Socle } from './socle.ts';

export interface SnapshotPolicy {
  /** No snapshot for a log shorter than this (its replay is quick). */
  minEvents: number;
  /** Write again once the read model is this many events past the last snapshot. */
  every: number;
  /** How often to look, in ms. */
  checkIntervalMs: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = { minEvents: 10_000, every: 50_000, checkIntervalMs: 60_000 };

export type SnapshotEvent = { written: SnapshotWritten; reason: string; ms: number } | { failed: unknown; reason: string };

export class SnapshotKeeper {
  private timer?: NodeJS.Timeout;
  private lastPosition: number;

  /** `loadedAt`: the position of the snapshot the process started from, 0 if none. */
  constructor(
    private readonly socle: Socle,
    private readonly dataDir: string,
    loadedAt: number,
    private readonly report: (event: SnapshotEvent) => void,
    private readonly policy: SnapshotPolicy = DEFAULT_SNAPSHOT_POLICY,
  ) {
    this.lastPosition = loadedAt;
  }

  /**
   * Looks at every interval. Not at once: the first requests after a start would wait for the
   * write, and a process that started without a snapshot writes one at its first look.
   */
  start(): void {
    this.timer = setInterval(() => this.writeIfBehind(this.policy.every, 'periodic'), this.policy.checkIntervalMs);
    this.timer.unref();
  }

  /** On a graceful shutdown: everything folded since the last snapshot is kept. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.writeIfBehind(1, 'shutdown');
  }

  private writeIfBehind(minBehind: number, reason: string): void {
    const checkpoint = this.socle.live.current;
    if (checkpoint.position < this.policy.minEvents || checkpoint.position - this.lastPosition < minBehind) return;
    const started = performance.now();
    try {
      const written = writeLedgerSnapshot(this.dataDir, checkpoint);
      this.lastPosition = written.position;
      this.report({ written, reason, ms: performance.now() - started });
    } catch (failed) {
      this.report({ failed, reason });
    }
  }
}
