// The import over PostgreSQL: one store append (appendMany, one transaction) per batch of rows, as
// on SQLite (test/import/batches.test.ts), against the real server; again, nothing is written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { bufferSource } from '../../src/import/source.ts';
import type { StreamAppend } from '../../src/store/port.ts';
import { makeTempPostgresStore, requirePostgres } from '../store/postgres-helpers.ts';
import { PROGRAMME, setUp } from './setup.ts';

await requirePostgres();

/** 1 100 rows of Association Bug's volunteer time, each its own day and hour count. */
function csv(rows: number): Uint8Array {
  const lines = ['Partenaire;Nature;Date;Quantité'];
  for (let i = 0; i < rows; i++) lines.push(`Association Bug;Bénévolat;${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${2023 + (i % 3)};${(i % 50) + 1}`);
  return Buffer.from(lines.join('\n'));
}

test('1 100 rows into PostgreSQL: three appends (500, 500, 100), none row by row; again: none at all', async () => {
  const { store, cleanup } = await makeTempPostgresStore();
  try {
    const { commands } = await setUp(store);
    const calls = { many: [] as number[], single: 0 };
    const appendMany = store.appendMany!.bind(store);
    const appendToStream = store.appendToStream.bind(store);
    store.appendMany = (appends: readonly StreamAppend[]) => (calls.many.push(appends.length), appendMany(appends));
    store.appendToStream = (...args) => (calls.single++, appendToStream(...args));
    const head = await store.head();
    const run = () => importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('benevolat.csv', csv(1100)), dryRun: false, actor: CLI_ACTOR });
    const report = await run();
    assert.equal([report.rows, report.imported, report.refused.length], [1100, 1100, 0]);
    assert.equal(calls, { many: [500, 500, 100], single: 0 });
    // One event per row, in one run of positions after the programme's set-up.
    assert.is((await store.head()).position, head.position + 1100);
    const again = await run();
    assert.equal([again.imported, again.alreadyImported], [0, 1100]);
    assert.equal(calls, { many: [500, 500, 100], single: 0 });
    assert.is((await store.head()).position, head.position + 1100);
    assert.is((await store.verify()).ok, true);
  } finally {
    await cleanup();
  }
});

test.run();
