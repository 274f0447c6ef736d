// Versions of the read model kept at intervals of the log, so that a read as of an earlier position
// replays only from the nearest one before it: its cost grows with the distance to that version,
// never with the whole log. A kept version is a published one (never written again, see ledger.ts),
// so keeping it costs what changed after it, copy-on-write. To bound that memory whatever the log's
// length, at most `max` are kept: when one more is due, every other one is dropped and the interval
// doubles, so the versions always span the whole log at an even spacing.
import type { Checkpoint } from './runner.ts';

export class RetainedVersions<S> {
  private readonly kept: Checkpoint<S>[] = [];
  private interval: number;

  constructor(
    interval = 25_000,
    private readonly max = 8,
    /** Told of each version kept (tests deep-freeze it). */
    private readonly onKeep?: (version: Checkpoint<S>) => void,
  ) {
    if (!(interval >= 1 && max >= 2)) throw new Error('retained versions: interval ≥ 1 and max ≥ 2');
    this.interval = interval;
  }

  /** Whether the version at `position` is one to keep. */
  wants(position: number): boolean {
    return position > 0 && position % this.interval === 0 && (this.kept.length === 0 || this.kept[this.kept.length - 1]!.position < position);
  }

  /** Keeps a published version (the caller never writes into it again). */
  keep(version: Checkpoint<S>): void {
    const last = this.kept[this.kept.length - 1];
    if (last !== undefined && last.position >= version.position) return;
    this.onKeep?.(version);
    this.kept.push(version);
    while (this.kept.length > this.max) {
      // Those on the doubled grid stay (a snapshot's start, on no grid, goes at the first thinning).
      this.interval *= 2;
      const onGrid = this.kept.filter((v) => v.position % this.interval === 0);
      this.kept.splice(0, this.kept.length, ...onGrid);
    }
  }

  /** The latest kept version at or before `position`, if any. */
  nearest(position: number): Checkpoint<S> | undefined {
    let found: Checkpoint<S> | undefined;
    for (const v of this.kept) {
      if (v.position > position) break;
      found = v;
    }
    return found;
  }

  get positions(): number[] {
    return this.kept.map((v) => v.position);
  }
}
