// importAll, the embedded stores' (and PostgreSQL's) one-transaction import behind `socle log import`: every batch or
// none. A batch the store refuses, or a source that throws midway (the CLI's own checks), leaves the
// log as it was; appends made meanwhile wait for the import and land after it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryStore } from '../../src/store/memory.ts';
import { GENESIS_HASH } from '../../src/store/hash-chain.ts';
import { ImportError, type EventStore, type RecordedEvent } from '../../src/store/port.ts';
import { collect, ev } from './contract.ts';
import { makeTempSqliteStore } from './sqlite-helpers.ts';
import { makeTempPostgresStore, postgresAnswers } from './postgres-helpers.ts';

type Make = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

const adapters: [string, Make][] = [
  ['memory', async () => {
    const store = createMemoryStore();
    return { store, cleanup: () => store.close() };
  }],
  ['sqlite', () => makeTempSqliteStore()],
];
// The same on PostgreSQL when its server answers (one line says so when it does not).
if (await postgresAnswers()) adapters.push(['postgres', () => makeTempPostgresStore()]);

async function* batches(events: RecordedEvent[], size: number, failAfter = Infinity): AsyncGenerator<RecordedEvent[]> {
  for (let i = 0; i < events.length; i += size) {
    if (i >= failAfter) throw new Error('the source refused line 7');
    yield events.slice(i, i + size);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

for (const [name, make] of adapters) {
  const test = suite(`importAll: ${name}`);

  test('all batches in one go, or none of them', async () => {
    const source = await make();
    const target = await make();
    try {
      for (let i = 0; i < 10; i++) await source.store.appendToStream(`s${i % 3}`, [ev(`e${i}`, { i })]);
      const exported = await collect(source.store.readAll());
      const sourceHead = await source.store.head();

      // The source throws once two batches of three are in: nothing stays.
      await target.store.importAll!(batches(exported, 3, 6)).then(
        () => assert.unreachable('the import must fail'),
        (error: Error) => assert.is(error.message, 'the source refused line 7'),
      );
      assert.equal(await target.store.head(), { position: 0, hash: GENESIS_HASH });

      // The store refuses the fourth batch (a broken chain at position 10): nothing stays either.
      const broken = exported.map((e) => (e.position === 10 ? { ...e, hash: '1'.repeat(64) } : e));
      await target.store.importAll!(batches(broken, 3)).then(
        () => assert.unreachable('the import must fail'),
        (error: Error) => assert.instance(error, ImportError),
      );
      assert.equal(await collect(target.store.readAll()), []);

      // Whole: the same head; an append made while it runs lands after it.
      const importing = target.store.importAll!(batches(exported, 3));
      const append = target.store.appendToStream('later', [ev('later')]);
      assert.equal(await importing, sourceHead);
      assert.is((await append).lastPosition, 11);
      assert.equal((await collect(target.store.readAll())).slice(0, 10), exported);
      assert.is((await target.store.verify()).ok, true);
    } finally {
      await source.cleanup();
      await target.cleanup();
    }
  });

  test.run();
}
