// 2. Replay: the whole log of a generated ledger through every projection, from the start, as a
// process that has no checkpoint does when it starts. Peak RSS comes from the child process.
import { join } from 'node:path';
import { replay } from '../../src/read-model/runner.ts';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { allProjections, combine } from '../projections.ts';
import { perSecond } from '../stats.ts';

export interface ReplayArgs {
  dataDir: string;
}

export interface ReplayFigures {
  events: number;
  projections: string;
  seconds: number;
  eventsPerSecond: number;
  /** Heap still used by the projections' state after a full collection (when --expose-gc). */
  stateHeapBytes: number;
}

export async function measureReplay(args: ReplayArgs): Promise<ReplayFigures> {
  const projection = combine(await allProjections());
  const store = createSqliteStore({ path: join(args.dataDir, SQLITE_FILE_NAME) });
  try {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const checkpoint = await replay(store, projection);
    const durationMs = performance.now() - started;
    gc?.();
    const stateHeapBytes = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
    if (checkpoint.state.length === 0) throw new Error('no state');
    return {
      events: checkpoint.position,
      projections: projection.name,
      seconds: durationMs / 1000,
      eventsPerSecond: perSecond(checkpoint.position, durationMs),
      stateHeapBytes,
    };
  } finally {
    await store.close();
  }
}
