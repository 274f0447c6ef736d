// 2. What a version of the read model held by a slow reader costs while writes go on. A reader (an
// export) keeps one version for `holdMs` while contributions are recorded one by one, and other
// readers take the newest version every few writes (as GET totals would), so that every write lands
// in a new draft. The held version pins only what changed after it (copy-on-write shards): the
// figure to compare with is the read model's own heap, which a version pinning the whole history
// would exceed many times over.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { PROGRAMME } from '../ledger.ts';

export interface HeldVersionArgs {
  dataDir: string;
  holdMs: number;
}

export interface HeldVersionFigures {
  events: number;
  /** Heap of the read model at the head, after a full collection. */
  modelHeapBytes: number;
  writes: number;
  /** Heap pinned by the held version at the end of the burst: heap while held minus heap once released. */
  heldExtraBytes: number;
}

const READ_EVERY = 10;

export async function measureHeldVersion(args: HeldVersionArgs): Promise<HeldVersionFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // The burst writes: work on a copy, so the cached ledger stays as generated.
  const dir = mkdtempSync(join(tmpdir(), 'socle-held-'));
  copyFileSync(join(args.dataDir, SQLITE_FILE_NAME), join(dir, SQLITE_FILE_NAME));
  try {
    gc();
    const empty = process.memoryUsage().heapUsed;
    const socle = await Socle.open({ dataDir: dir, snapshot: false, freezeVersions: false });
    try {
      gc();
      const modelHeapBytes = process.memoryUsage().heapUsed - empty;
      const events = socle.live.current.position;
      let held: unknown = socle.live.current;
      const actor = { name: 'bench:held', role: 'coordinator' } as const;
      let writes = 0;
      const until = performance.now() + args.holdMs;
      while (performance.now() < until) {
        const content = { partnerId: 'rafcom', kind: 'staff_time', status: 'actual', date: '2025-06-02', quantity: '1.5' } as const;
        const result = await socle.commands.handleContribution({ type: 'RecordContribution', programmeId: PROGRAMME, contributionId: `held-${writes}`, content }, actor);
        await socle.caughtUpTo(result.position);
        writes += 1;
        if (writes % READ_EVERY === 0) void socle.live.current;
      }
      gc();
      const whileHeld = process.memoryUsage().heapUsed;
      if (held === undefined) throw new Error('the held version is gone');
      held = undefined;
      gc();
      const released = process.memoryUsage().heapUsed;
      return { events, modelHeapBytes, writes, heldExtraBytes: Math.max(0, whileHeld - released) };
    } finally {
      await socle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
