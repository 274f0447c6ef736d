// The import's write path: one store append (appendMany) per batch of rows, a batch written whole or
// not at all; a store without appendMany gets one append per row, with the same report; a row whose
// stream was written meanwhile sends its batch through handle() one row at a time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { bufferSource } from '../../src/import/source.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore, StreamAppend } from '../../src/store/port.ts';
import { PROGRAMME, setUp } from './setup.ts';

/** 1 200 rows of Association Bug's volunteer time, each on its own day and hour count. */
function csv(rows: number): Uint8Array {
  const lines = ['Partenaire;Nature;Date;Quantité'];
  for (let i = 0; i < rows; i++) lines.push(`Association Bug;Bénévolat;${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2024;${(i % 50) + 1}`);
  return Buffer.from(lines.join('\n'));
}

/** The store, counting its calls: appendMany's sizes, and appendToStream's number. */
function counted(store: EventStore) {
  const calls = { many: [] as number[], single: 0 };
  const appendMany = store.appendMany!.bind(store);
  const appendToStream = store.appendToStream.bind(store);
  store.appendMany = (appends: readonly StreamAppend[]) => {
    calls.many.push(appends.length);
    return appendMany(appends);
  };
  store.appendToStream = (...args) => {
    calls.single++;
    return appendToStream(...args);
  };
  return calls;
}

const run = (commands: Awaited<ReturnType<typeof setUp>>['commands'], rows: number) =>
  importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('benevolat.csv', csv(rows)), dryRun: false, actor: CLI_ACTOR });

test('1 200 rows: three store appends (500, 500, 200), none row by row; again: none at all', async () => {
  const { store, commands } = await setUp();
  const calls = counted(store);
  const head = await store.head();
  const report = await run(commands, 1200);
  assert.equal([report.rows, report.imported, report.refused.length], [1200, 1200, 0]);
  assert.equal(calls, { many: [500, 500, 200], single: 0 });
  assert.is((await store.head()).position, head.position + 1200);
  const again = await run(commands, 1200);
  assert.equal([again.imported, again.alreadyImported], [0, 1200]);
  assert.equal(calls, { many: [500, 500, 200], single: 0 });
});

test('a store without appendMany: one append per row, the same report and the same log length', async () => {
  const store = createMemoryStore();
  delete (store as { appendMany?: unknown }).appendMany;
  const { commands } = await setUp(store);
  const head = await store.head();
  const report = await run(commands, 600);
  assert.equal([report.rows, report.imported], [600, 600]);
  assert.is((await store.head()).position, head.position + 600);
});

test('a row written meanwhile by someone else: its batch goes row by row, that row is already there', async () => {
  const { store, commands } = await setUp();
  const dry = await importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('b.csv', csv(3)), dryRun: true, actor: CLI_ACTOR });
  assert.is(dry.imported, 3);
  // Another writer records the second row's contribution between the import's read and its append.
  const appendMany = store.appendMany!.bind(store);
  let raced = false;
  store.appendMany = async (appends) => {
    if (!raced) {
      raced = true;
      // The same recording by another request: the same content under event ids of its own.
      const events = appends[1]!.events.map((event) => ({ ...event, id: `${event.id.slice(0, -4)}beef` }));
      await store.appendToStream(appends[1]!.stream, events, { expectedStreamVersion: 'no_stream' });
    }
    return appendMany(appends);
  };
  const head = await store.head();
  const report = await run(commands, 3);
  assert.equal([report.imported, report.alreadyImported, report.refused.length], [2, 1, 0]);
  assert.is((await store.head()).position, head.position + 3);
});

test.run();
