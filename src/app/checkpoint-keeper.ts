// `socle serve` signs a checkpoint of the head periodically (SOCLE_CHECKPOINT_INTERVAL_MS, default
// 15 minutes; 0 for never) when events came since the last one, so that a ledger written only
// through the API still has recent signed checkpoints. Not at shutdown: a stop writes nothing to
// the log. A failed signing (a full disk) is reported and changes nothing else.
import type { SignedHead } from './checkpoint-signer.ts';
import { signLedgerHead } from './checkpoint-signer.ts';
import type { Socle } from './socle.ts';

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 15 * 60_000;

export type CheckpointEvent = { signed: SignedHead } | { failed: unknown };

export class CheckpointKeeper {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly socle: Socle,
    private readonly dataDir: string,
    private readonly intervalMs: number,
    private readonly report: (event: CheckpointEvent) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const signed = await signLedgerHead(this.socle.store, this.socle.merkle, this.dataDir);
      if (signed?.written) this.report({ signed });
    } catch (error) {
      this.report({ failed: error });
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** SOCLE_CHECKPOINT_INTERVAL_MS, checked: a whole number of milliseconds (0: never). */
export function checkpointIntervalMs(value = process.env.SOCLE_CHECKPOINT_INTERVAL_MS): number {
  if (value === undefined || value === '') return DEFAULT_CHECKPOINT_INTERVAL_MS;
  if (!/^\d{1,10}$/.test(value)) throw new Error(`SOCLE_CHECKPOINT_INTERVAL_MS doit être un nombre entier de millisecondes (0 : jamais), pas « ${value} »`);
  return Number(value);
}
