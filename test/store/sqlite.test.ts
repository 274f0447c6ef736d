import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { VersionConflictError, type RecordedEvent } from '../../src/store/port.ts';
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
      assert.equal(migrations, [{ version: 1, name: 'events' }]);
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

test('sqlite: any sequence of appends gives positions 1..n, a clean chain and repeatable reads', async () => {
  await checkAppendProperty(() => makeTempSqliteStore(), 25);
});

test.run();
