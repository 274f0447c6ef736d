// The postgres adapter against the real server on DATABASE_URL: the store contract, then what only
// a shared database has: several pools appending at once, the stored rows, the immutability guard.
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { VersionConflictError } from '../../src/store/port.ts';
import { createPostgresStore } from '../../src/store/postgres.ts';
import { PG_SCHEMA_VERSION } from '../../src/store/postgres-migrations.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { collect, ev, storeContract, waitFor } from './contract.ts';
import { checkAppendProperty } from './log-property.ts';
import { DATABASE_URL, dropSchema, makeTempPostgresStore, randomSchema, requirePostgres } from './postgres-helpers.ts';
import { tempDir } from './sqlite-helpers.ts';

await requirePostgres();

storeContract('postgres', makeTempPostgresStore).run();

const test = suite('postgres store');

async function raw<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

test('the schema holds the events table at the current version, rows stored as canonical text', async () => {
  const { store, schema, cleanup } = await makeTempPostgresStore();
  try {
    await store.appendToStream('s', [ev('a', { b: 2, a: 1 })]);
    const migrations = await raw(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`);
    assert.equal(migrations, [{ version: 1, name: 'events' }, { version: 2, name: 'recorded_at index' }]);
    assert.is(PG_SCHEMA_VERSION, 2);
    const indexes = await raw<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2', [schema, 'events_recorded_at']);
    assert.match(indexes[0]!.indexdef, /\(recorded_at, "?position"?\)/);
    const columns = await raw<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
      [schema, 'events'],
    );
    assert.equal(columns.map((c) => c.column_name), ['position', 'id', 'stream', 'stream_version', 'type', 'schema_version', 'data', 'metadata', 'recorded_at', 'hash']);
    const rows = await raw(`SELECT position::int AS position, id, stream, stream_version, data FROM "${schema}".events`);
    // Canonical JSON: keys sorted, as the hash covers it.
    assert.equal(rows, [{ position: 1, id: 'a', stream: 's', stream_version: 1, data: '{"a":1,"b":2}' }]);
  } finally {
    await cleanup();
  }
});

test('plain UPDATE, DELETE and TRUNCATE of stored events are refused by the database itself', async () => {
  const { store, schema, cleanup } = await makeTempPostgresStore();
  try {
    await store.appendToStream('s', [ev('a')]);
    for (const sql of [`UPDATE "${schema}".events SET data = '{}'`, `DELETE FROM "${schema}".events`, `TRUNCATE "${schema}".events`]) {
      try {
        await raw(sql);
        assert.unreachable(`${sql} should be refused`);
      } catch (error) {
        assert.match(String(error), /events are immutable/);
      }
    }
    assert.is((await store.verify()).ok, true);
  } finally {
    await cleanup();
  }
});

test('four pools (as four app servers) appending at once: positions 1..n with no gap, in commit order, one chain', async () => {
  const schema = randomSchema();
  const stores = await Promise.all([1, 2, 3, 4].map(() => createPostgresStore({ connectionString: DATABASE_URL, schema })));
  try {
    // 4 writers × 25 appends of 1 to 3 events, half to one shared stream with 'any', half to own streams.
    const calls = stores.flatMap((store, w) =>
      Array.from({ length: 25 }, (_, i) =>
        store.appendToStream(i % 2 === 0 ? 'shared' : `own-${w}`, Array.from({ length: 1 + (i % 3) }, (_, k) => ev(`w${w}-${i}-${k}`, { w, i, k }))),
      ),
    );
    const results = await Promise.all(calls);
    // Each writer appends 25 batches of sizes 1,2,3,1,2,3,… : 9×1 + 8×2 + 8×3 = 49 events, 196 in all.
    const total = 4 * (9 * 1 + 8 * 2 + 8 * 3);
    assert.is(total, 196);
    const all = await collect(stores[0]!.readAll());
    assert.equal(all.map((e) => e.position), Array.from({ length: total }, (_, i) => i + 1));
    // Every acknowledged lastPosition is distinct and is where its last event stands.
    const last = results.map((r) => r.lastPosition);
    assert.is(new Set(last).size, calls.length);
    // Commit order: recordedAt never goes back along the positions.
    for (let i = 1; i < all.length; i++) assert.ok(all[i]!.recordedAt >= all[i - 1]!.recordedAt);
    // The shared stream's versions are 1..k with no gap.
    const shared = await stores[1]!.readStream('shared');
    assert.equal(shared.events.map((e) => e.streamVersion), Array.from({ length: shared.currentStreamVersion }, (_, i) => i + 1));
    const heads = await Promise.all(stores.map((store) => store.head()));
    for (const head of heads) assert.equal(head, heads[0]);
    const verified = await stores[2]!.verify();
    assert.is(verified.ok, true);
    assert.is(verified.events, total);
  } finally {
    await Promise.all(stores.map((store) => store.close()));
    await dropSchema(schema);
  }
});

test('two pools appending to one stream with the same expected version: exactly one wins each round', async () => {
  const schema = randomSchema();
  const a = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  const b = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  try {
    for (let version = 0; version < 10; version++) {
      const settled = await Promise.allSettled([
        a.appendToStream('contested', [ev(`a-${version}`)], { expectedStreamVersion: version }),
        b.appendToStream('contested', [ev(`b-${version}`)], { expectedStreamVersion: version }),
      ]);
      assert.is(settled.filter((s) => s.status === 'fulfilled').length, 1);
      const lost = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')!;
      assert.instance(lost.reason, VersionConflictError);
    }
    assert.is((await a.readStream('contested')).currentStreamVersion, 10);
    assert.is((await b.head()).position, 10);
  } finally {
    await a.close();
    await b.close();
    await dropSchema(schema);
  }
});

test('two pools each writing a batch (appendMany) over the same streams, same expected versions: one batch whole, the other not at all', async () => {
  const schema = randomSchema();
  const a = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  const b = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  try {
    for (let round = 0; round < 5; round++) {
      // Each batch: 20 contributions' streams, the 20 the same for both, each expecting the version of the round.
      const batch = (who: string) =>
        Array.from({ length: 20 }, (_, i) => ({ stream: `c-${i}`, events: [ev(`${who}-${round}-${i}`, { who, round, i })], expectedStreamVersion: round }));
      const settled = await Promise.allSettled([a.appendMany!(batch('a')), b.appendMany!(batch('b'))]);
      assert.is(settled.filter((s) => s.status === 'fulfilled').length, 1, `round ${round}`);
      const lost = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')!;
      assert.instance(lost.reason, VersionConflictError);
    }
    // 5 rounds × 20 events, each round's 20 from one pool only, in a run of 20 positions.
    const log = await collect(a.readAll());
    assert.is(log.length, 100);
    for (let round = 0; round < 5; round++) {
      const writers = new Set(log.slice(round * 20, round * 20 + 20).map((e) => e.id.split('-')[0]));
      assert.is(writers.size, 1, `round ${round} written by one pool`);
    }
    assert.equal((await b.readStream('c-7')).events.map((e) => e.streamVersion), [1, 2, 3, 4, 5]);
    assert.is((await b.verify()).ok, true);
  } finally {
    await a.close();
    await b.close();
    await dropSchema(schema);
  }
});

test('appendMany beside appends in the same group commit: a refused batch rolls back only itself', async () => {
  const { store, cleanup } = await makeTempPostgresStore();
  try {
    await store.appendToStream('taken', [ev('t1')]);
    // Called in one turn: they queue behind the first and share a transaction, each in a savepoint.
    const settled = await Promise.allSettled([
      store.appendToStream('x', [ev('x1')]),
      store.appendMany!([{ stream: 'y', events: [ev('y1')], expectedStreamVersion: 'no_stream' }, { stream: 'z', events: [ev('z1')], expectedStreamVersion: 'no_stream' }]),
      store.appendMany!([{ stream: 'w', events: [ev('w1')], expectedStreamVersion: 'no_stream' }, { stream: 'taken', events: [ev('t2')], expectedStreamVersion: 0 }]),
      store.appendToStream('x', [ev('x2')], { expectedStreamVersion: 1 }),
    ]);
    assert.equal(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    assert.instance((settled[2] as PromiseRejectedResult).reason, VersionConflictError);
    assert.equal((await collect(store.readAll())).map((e) => [e.position, e.id]), [[1, 't1'], [2, 'x1'], [3, 'y1'], [4, 'z1'], [5, 'x2']]);
    assert.is((await store.readStream('w')).streamExists, false);
    assert.is((await store.verify()).ok, true);
  } finally {
    await cleanup();
  }
});

test("a subscriber on another pool sees the appends through LISTEN/NOTIFY, well before the poll", async () => {
  const schema = randomSchema();
  const writer = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  // A poll of a minute: only the notification can wake the reader within the test.
  const reader = await createPostgresStore({ connectionString: DATABASE_URL, schema, pollIntervalMs: 60_000 });
  try {
    await writer.appendToStream('s', [ev('a')]);
    const seen: number[] = [];
    const subscription = reader.subscribe({ onEvent: (event) => void seen.push(event.position) });
    await subscription.caughtUp;
    assert.equal(seen, [1]);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await writer.appendToStream(`t${i % 2}`, [ev(`b${i}`), ev(`c${i}`)]);
    await waitFor(() => seen.length === 11, "the other pool's events", 5000);
    assert.ok(Date.now() - started < 5000);
    assert.equal(seen, Array.from({ length: 11 }, (_, i) => i + 1));
    await subscription.close();
  } finally {
    await writer.close();
    await reader.close();
    await dropSchema(schema);
  }
});

test('when the listening connection is cut, the store listens again and the subscriber goes on without the poll', async () => {
  const schema = randomSchema();
  const writer = await createPostgresStore({ connectionString: DATABASE_URL, schema });
  const reader = await createPostgresStore({ connectionString: DATABASE_URL, schema, pollIntervalMs: 60_000 });
  try {
    const seen: number[] = [];
    const subscription = reader.subscribe({ onEvent: (event) => void seen.push(event.position) });
    await subscription.caughtUp;
    await writer.appendToStream('s', [ev('a')]);
    await waitFor(() => seen.length === 1, 'the first event');
    const cut = await raw<{ cut: boolean }>(
      "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE query = $1",
      [`LISTEN socle_events_${schema}`],
    );
    assert.equal(cut, [{ cut: true }]);
    await writer.appendToStream('s', [ev('b')]);
    await writer.appendToStream('s', [ev('c')]);
    await waitFor(() => seen.length === 3, 'the events appended after the cut', 5000);
    assert.equal(seen, [1, 2, 3]);
    await subscription.close();
  } finally {
    await writer.close();
    await reader.close();
    await dropSchema(schema);
  }
});

test('an append that cannot take the lock in time is refused, writes nothing, and the store goes on', async () => {
  const schema = randomSchema();
  const store = await createPostgresStore({ connectionString: DATABASE_URL, schema, lockTimeoutMs: 200 });
  const other = new pg.Client({ connectionString: DATABASE_URL });
  await other.connect();
  try {
    await store.appendToStream('s', [ev('a')]);
    // Another session holds the log's lock (the same keys as the store's appends) past the timeout.
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [0x50c1e002, schema]);
    const started = Date.now();
    const [outcome] = await Promise.allSettled([store.appendToStream('s', [ev('b')])]);
    assert.ok(Date.now() - started < 3000);
    assert.match(outcome.status === 'rejected' ? String(outcome.reason) : 'written', /lock timeout/);
    await other.query('ROLLBACK');
    assert.is((await store.head()).position, 1);
    assert.is((await store.appendToStream('s', [ev('b')], { expectedStreamVersion: 1 })).lastPosition, 2);
    assert.is((await store.verify()).ok, true);
  } finally {
    await other.end();
    await store.close();
    await dropSchema(schema);
  }
});

test('a pool of one connection imports in one transaction, appends and reads without waiting on itself', async () => {
  const { store: source, cleanup: cleanSource } = await makeTempPostgresStore();
  const { store, cleanup } = await makeTempPostgresStore({ maxConnections: 1 });
  try {
    for (let i = 0; i < 6; i++) await source.appendToStream(`s${i % 2}`, [ev(`e${i}`, { i })]);
    const exported = await collect(source.readAll());
    async function* twoBatches() {
      yield exported.slice(0, 3);
      yield exported.slice(3);
    }
    assert.equal(await store.importAll!(twoBatches()), await source.head());
    assert.is((await store.appendToStream('s0', [ev('e6')], { expectedStreamVersion: 3 })).lastPosition, 7);
    assert.equal((await collect(store.readAll())).map((e) => e.id), ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    assert.is((await store.verify()).ok, true);
  } finally {
    await cleanup();
    await cleanSource();
  }
});

test('the same log in SQLite and in PostgreSQL has the same head hash, both ways', async () => {
  const { dir, remove } = tempDir();
  const sqlite = createSqliteStore({ path: `${dir}/socle.sqlite`, clock: () => new Date('2025-01-02T03:04:05.000Z') });
  const { store: postgres, cleanup } = await makeTempPostgresStore();
  try {
    await sqlite.appendToStream('p', [ev('e1', { text: 'n°1 « é ’ 😀 »', amount: '12.50' }), ev('e2', { z: 1, a: [1, 2] })]);
    await sqlite.appendToStream('q', [ev('e3', { nested: { b: null, a: true } })]);
    const head = await postgres.importRecorded(await collect(sqlite.readAll()));
    assert.equal(head, await sqlite.head());
    assert.equal(await postgres.verify(), await sqlite.verify());
    // And back: PostgreSQL's own appends import into a fresh SQLite file with the same chain.
    await postgres.appendToStream('q', [ev('e4', { more: 1 })], { expectedStreamVersion: 1 });
    const back = createSqliteStore({ path: `${dir}/back.sqlite` });
    try {
      assert.equal(await back.importRecorded(await collect(postgres.readAll())), await postgres.head());
      assert.is((await back.verify()).ok, true);
    } finally {
      await back.close();
    }
  } finally {
    await sqlite.close();
    await cleanup();
    remove();
  }
});

test('postgres: any sequence of appends gives positions 1..n, a clean chain and repeatable reads', async () => {
  await checkAppendProperty(() => makeTempPostgresStore(), 10);
});

test.run();
