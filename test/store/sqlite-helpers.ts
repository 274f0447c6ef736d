// Temporary SQLite stores for the store suites: each in its own directory, removed by cleanup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite.ts';

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'socle-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function makeTempSqliteStore(options: { clock?: () => Date } = {}) {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  const store = createSqliteStore({ path, clock: options.clock });
  return {
    store,
    path,
    async cleanup() {
      await store.close();
      remove();
    },
  };
}
