import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventIdConflictError, VersionConflictError, type RecordedEvent } from '../../src/store/port.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { SCHEMA_VERSION } from '../../src/store/sqlite-migrations.ts';
import { collect, ev, storeContract, waitFor } from './contract.ts';
import { checkAppendProperty } from './log-property.ts';
import { makeTempSqliteStore, tempDir } from './sqlite-helpers.ts';

storeContract('sqlite', makeTempSqliteStore).run();

const test = suite('sqlite store');

test('the file is in WAL mode with the events table at the current schema version', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await store.appendToStream('s', [ev('a')]);
    const raw = new Database(path, { readonly: true });
    try {
      assert.is(raw.pragma('journal_mode', { simple: true }), 'wal');
      assert.is(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      const migrations = raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      assert.equal(migrations, [{ version: 1, name: 'events' }, { version: 2, name: 'recorded_at index' }]);
      const columns = raw.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all('events');
      assert.equal(columns, ['position', 'id', 'stream', 'stream_version', 'type', 'schema_version', 'data', 'metadata', 'recorded_at', 'hash']);
      const row = raw.prepare('SELECT position, id, stream, stream_version, data FROM events').get();
      assert.equal(row, { position: 1, id: 'a', stream: 's', stream_version: 1, data: '{"n":1}' });
    } finally {
      raw.close();
    }
  } finally {
    await cleanup();
  }
});

test('events survive closing and reopening the file, and the log goes on', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'nested', 'socle.sqlite');
  try {
    const first = createSqliteStore({ path, clock: () => new Date('2024-01-01T00:00:00.000Z') });
    await first.appendToStream('s', [ev('a'), ev('b')]);
    const before = await collect(first.readAll());
    await first.close();
    const second = createSqliteStore({ path });
    assert.equal(await collect(second.readAll()), before);
    assert.equal((await second.appendToStream('s', [ev('c')], { expectedStreamVersion: 2 })).lastPosition, 3);
    assert.is((await second.verify()).ok, true);
    await second.close();
  } finally {
    remove();
  }
});

test('two connections on one file (as a CLI and a server) share one chain and see each other', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  const a = createSqliteStore({ path });
  const b = createSqliteStore({ path });
  try {
    for (let i = 0; i < 10; i++) {
      await (i % 2 === 0 ? a : b).appendToStream(i % 3 === 0 ? 'shared' : `own-${i}`, [ev(`e${i}`)]);
    }
    assert.equal((await collect(a.readAll())).map((e) => e.position), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(await a.head(), await b.head());
    assert.equal(await a.verify(), await b.verify());
    assert.is((await a.verify()).ok, true);
    // b's view of the stream's version is read from the file, not cached.
    await a.appendToStream('shared', [ev('x')], { expectedStreamVersion: 4 });
    try {
      await b.appendToStream('shared', [ev('y')], { expectedStreamVersion: 4 });
      assert.unreachable('b should see a conflict');
    } catch (error) {
      assert.instance(error, VersionConflictError);
    }
    assert.is((await b.appendToStream('shared', [ev('x')], { expectedStreamVersion: 'no_stream' })).alreadyStored, true);
  } finally {
    await a.close();
    await b.close();
    remove();
  }
});

test("a subscriber sees another connection's appends through the poll, in order", async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  const writer = createSqliteStore({ path });
  const reader = createSqliteStore({ path, pollIntervalMs: 50 });
  try {
    await writer.appendToStream('s', [ev('a')]);
    const seen: RecordedEvent[] = [];
    const subscription = reader.subscribe({ onEvent: (event) => void seen.push(event) });
    await subscription.caughtUp;
    for (let i = 0; i < 5; i++) await writer.appendToStream(`t${i % 2}`, [ev(`b${i}`), ev(`c${i}`)]);
    await waitFor(() => seen.length === 11, "the other connection's events");
    assert.equal(seen, await collect(writer.readAll()));
    await subscription.close();
  } finally {
    await writer.close();
    await reader.close();
    remove();
  }
});

test('a file written by a newer schema is refused with a clear message', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  try {
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    assert.throws(() => createSqliteStore({ path }), /newer than this program/);
  } finally {
    remove();
  }
});

test('plain UPDATE and DELETE of stored events are refused by the file itself', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await store.appendToStream('s', [ev('a')]);
    const raw = new Database(path);
    try {
      assert.throws(() => raw.prepare("UPDATE events SET data = '{}' WHERE position = 1").run(), /immutable/);
      assert.throws(() => raw.prepare('DELETE FROM events WHERE position = 1').run(), /immutable/);
    } finally {
      raw.close();
    }
    assert.is((await store.verify()).ok, true);
  } finally {
    await cleanup();
  }
});

test('appends made together are applied in arrival order; a failing one in the middle rolls back only itself', async () => {
  const { store, cleanup } = await makeTempSqliteStore();
  try {
    await store.appendToStream('taken', [ev('taken-1', { n: 1 })]);
    // 100 appends to one stream, each expecting the version the previous one makes: all succeed
    // only if they are applied in the order they were called.
    const calls: Promise<unknown>[] = [];
    const sequence: Promise<{ lastPosition: number }>[] = [];
    for (let i = 0; i < 100; i++) {
      const call = store.appendToStream('seq', [ev(`s-${i}`, { i })], { expectedStreamVersion: i });
      sequence.push(call);
      calls.push(call);
      if (i % 25 === 12) {
        calls.push(store.appendToStream('taken', [ev(`late-${i}`)], { expectedStreamVersion: 0 }));
        calls.push(store.appendToStream(`other-${i}`, [ev(`o-${i}`), ev('taken-1', { n: 2 })]));
      }
    }
    const settled = await Promise.allSettled(calls);
    const failed = settled.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    assert.is(failed.length, 8);
    assert.is(failed.filter((outcome) => outcome.reason instanceof VersionConflictError).length, 4);
    assert.is(failed.filter((outcome) => outcome.reason instanceof EventIdConflictError).length, 4);
    const positions = (await Promise.all(sequence)).map((result) => result.lastPosition);
    assert.equal(positions, Array.from({ length: 100 }, (_, i) => i + 2));
    const seq = await store.readStream('seq');
    assert.equal(seq.events.map((event) => event.data), Array.from({ length: 100 }, (_, i) => ({ i })));
    assert.is((await store.head()).position, 101);
    assert.is((await store.verify()).ok, true);
  } finally {
    await cleanup();
  }
});

test('when the group cannot be committed, every append in it is refused and nothing is written', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  const store = createSqliteStore({ path, busyTimeoutMs: 50 });
  const other = new Database(path);
  try {
    await store.appendToStream('s', [ev('a')]);
    // Another writer holds the file's write lock past busy_timeout: the group's BEGIN IMMEDIATE fails.
    other.exec('BEGIN IMMEDIATE');
    const settled = await Promise.allSettled([1, 2, 3].map((i) => store.appendToStream(`s-${i}`, [ev(`b-${i}`)])));
    other.exec('ROLLBACK');
    assert.equal(settled.map((outcome) => outcome.status), ['rejected', 'rejected', 'rejected']);
    for (const outcome of settled) if (outcome.status === 'rejected') assert.match(String(outcome.reason), /locked|busy/i);
    assert.is((await store.head()).position, 1);
    // The store goes on once the lock is free.
    assert.is((await store.appendToStream('s', [ev('c')], { expectedStreamVersion: 1 })).lastPosition, 2);
    assert.is((await store.verify()).ok, true);
  } finally {
    other.close();
    await store.close();
    remove();
  }
});

test('appends called before close are written and answered', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  try {
    const first = createSqliteStore({ path });
    const pending = [1, 2, 3].map((i) => first.appendToStream('s', [ev(`p-${i}`)]));
    await first.close();
    assert.equal((await Promise.all(pending)).map((result) => result.lastPosition), [1, 2, 3]);
    const second = createSqliteStore({ path });
    assert.equal((await collect(second.readAll())).map((event) => event.id), ['p-1', 'p-2', 'p-3']);
    await second.close();
  } finally {
    remove();
  }
});

test('a batch is written in multi-row INSERTs whole or not at all, alone or in a group', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'socle.sqlite');
  const store = createSqliteStore({ path });
  const other = new Database(path);
  try {
    // 250 events: two full INSERT chunks and a remainder written row by row.
    const batch = (prefix: string) => Array.from({ length: 250 }, (_, i) => ev(`${prefix}-${i}`, { i, text: `n°${i} « é ’ 😀 »` }));
    assert.is((await store.appendToStream('first', batch('a'))).lastPosition, 250);
    const first = await store.readStream('first');
    assert.equal(first.events.map((event) => [event.position, event.streamVersion, event.data]), batch('a').map((event, i) => [i + 1, i + 1, event.data]));
    // A row the file itself refuses, in the second chunk: nothing of that append may stay.
    other.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.id = 'b-150' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    const [alone] = await Promise.allSettled([store.appendToStream('second', batch('b'))]);
    assert.match(alone.status === 'rejected' ? String(alone.reason) : 'written', /poisoned/);
    assert.is((await store.head()).position, 250);
    // The same in a group: the append before it stands, the poisoned one is rolled back alone.
    const settled = await Promise.allSettled([store.appendToStream('third', batch('c')), store.appendToStream('second', batch('b'))]);
    assert.equal(settled.map((outcome) => outcome.status), ['fulfilled', 'rejected']);
    assert.is((await store.head()).position, 500);
    assert.is((await store.readStream('second')).streamExists, false);
    other.exec('DROP TRIGGER poison');
    assert.is((await store.appendToStream('second', batch('b'), { expectedStreamVersion: 'no_stream' })).lastPosition, 750);
    const verified = await store.verify();
    assert.is(verified.ok, true);
    assert.is(verified.events, 750);
  } finally {
    other.close();
    await store.close();
    remove();
  }
});

test('sqlite: any sequence of appends gives positions 1..n, a clean chain and repeatable reads', async () => {
  await checkAppendProperty(() => makeTempSqliteStore(), 25);
});

test('positionAt seeks the recorded_at index (migration 2), never walks the log down from the head', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await store.appendToStream('s', [ev('a')]);
    const raw = new Database(path, { readonly: true });
    try {
      // The very statement the store prepares (sqlite.ts): its plan names the index, and no scan of the table.
      const plan = raw
        .prepare('EXPLAIN QUERY PLAN SELECT position, hash FROM events WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1')
        .all('2099-01-01T00:00:00.000Z') as { detail: string }[];
      const details = plan.map((p) => p.detail).join(' | ');
      assert.match(details, /SEARCH events USING (COVERING )?INDEX events_recorded_at \(recorded_at<\?\)/);
      assert.not.match(details, /SCAN events|TEMP B-TREE/);
    } finally {
      raw.close();
    }
  } finally {
    await cleanup();
  }
});

test.run();
