// The EventStoreDB adapter over real gRPC, on every test run: the real @eventstore/db-client talks
// to an in-process test double of an EventStoreDB node (fixtures/esdb-test-server.ts, which says
// what it does not model). The same contract suite as the embedded stores runs here; the tests
// below add what only this adapter has: system events in $all, several app instances on one
// server, a dropped connection under a subscription, verify() after the log changed under the
// index, and an import from the embedded store.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventStoreDBClient, NO_STREAM, UnavailableError } from '@eventstore/db-client';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { createEventStoreDbStore } from '../../src/store/eventstoredb/index.ts';
import { toExpectedRevision, versionOf } from '../../src/store/eventstoredb/checks.ts';
import { toEventData } from '../../src/store/eventstoredb/envelope.ts';
import type { EventStore, RecordedEvent } from '../../src/store/port.ts';
import { collect, ev, storeContract, waitFor } from './contract.ts';
import { startEsdbTestServer, type EsdbTestServer, type EsdbTestServerOptions } from './fixtures/esdb-test-server.ts';

/** A fresh server per store: each store is a whole database, as in production (no stream prefix). */
function makeStoreOn(serverOptions: EsdbTestServerOptions) {
  return async ({ clock }: { clock: () => Date }) => {
    const server = await startEsdbTestServer(serverOptions);
    const store = createEventStoreDbStore({ connectionString: server.connectionString, clock });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await server.stop();
      },
    };
  };
}

// The client's default path (BatchAppend), with a system event after every other append so that
// positions must skip them.
storeContract('eventstoredb over gRPC (test server)', makeStoreOn({ systemEventEvery: 2 })).run();
// Servers without BatchAppend (before 21.10), or calls with per-call credentials, use Append.
storeContract('eventstoredb over gRPC, the older Append call', makeStoreOn({ batchAppend: false })).run();

const test = suite('eventstoredb adapter over gRPC');

interface Fixture {
  server: EsdbTestServer;
  stores: EventStore[];
  open(options?: { streamPrefix?: string; clock?: () => Date }): EventStore;
}

async function withServer(serverOptions: EsdbTestServerOptions, body: (fixture: Fixture) => Promise<void>): Promise<void> {
  const server = await startEsdbTestServer(serverOptions);
  const stores: EventStore[] = [];
  const fixture: Fixture = {
    server,
    stores,
    open(options = {}) {
      const store = createEventStoreDbStore({ connectionString: server.connectionString, ...options });
      stores.push(store);
      return store;
    },
  };
  try {
    await body(fixture);
  } finally {
    for (const store of stores) await store.close();
    await server.stop();
  }
}

/** After a dropped connection the client's first call may fail while it reconnects: retry (appends are idempotent). */
async function appendRetrying(store: EventStore, stream: string, events: ReturnType<typeof ev>[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.appendToStream(stream, events);
    } catch (error) {
      if (!(error instanceof UnavailableError) || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

test('expected versions map to EventStoreDB revisions, and back', () => {
  assert.is(toExpectedRevision(0), NO_STREAM);
  assert.is(toExpectedRevision(1), 0n);
  assert.is(toExpectedRevision(42), 41n);
  assert.is(toExpectedRevision('no_stream'), 'no_stream');
  assert.is(toExpectedRevision('stream_exists'), 'stream_exists');
  assert.is(toExpectedRevision('any'), 'any');
  assert.is(versionOf('no_stream'), 0);
  assert.is(versionOf(0n), 1);
  assert.is(versionOf(6n), 7);
});

test('system events in $all get no position, and events read back from the server carry our id and metadata', async () => {
  await withServer({}, async ({ server, open }) => {
    const store = open({ clock: () => new Date('2024-06-01T12:00:00.000Z') });
    server.appendSystemEvent();
    await store.appendToStream('programme-p1', [ev('a'), ev('b')]);
    server.appendSystemEvent();
    server.appendSystemEvent();
    await store.appendToStream('contribution-c1', [ev('c')]);
    const all = await collect(store.readAll({ batchSize: 1 }));
    assert.equal(all.map((e) => [e.position, e.id, e.stream, e.streamVersion]), [
      [1, 'a', 'programme-p1', 1],
      [2, 'b', 'programme-p1', 2],
      [3, 'c', 'contribution-c1', 1],
    ]);
    assert.is(server.eventCount, 7, 'four system events (one at start) and three of ours');
    assert.equal(all[2]!.metadata, ev('c').metadata);
    assert.is(all[2]!.recordedAt, '2024-06-01T12:00:00.000Z');

    // What EventStoreDB holds: a UUID derived from our id, our id and recordedAt in the envelope.
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const raw = [];
      for await (const resolved of client.readStream('contribution-c1')) raw.push(resolved.event!);
      assert.is(raw.length, 1);
      assert.match(raw[0]!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.is(raw[0]!.revision, 0n);
      assert.equal(raw[0]!.metadata, { socle: 1, eventId: 'c', schemaVersion: 1, recordedAt: '2024-06-01T12:00:00.000Z', metadata: ev('c').metadata });
    } finally {
      await client.dispose();
    }
  });
});

test('two app instances on one server share positions, hashes and idempotency', async () => {
  await withServer({ systemEventEvery: 3 }, async ({ open }) => {
    const a = open();
    const b = open();
    const seenByB: RecordedEvent[] = [];
    const subscription = b.subscribe({ onEvent: (event) => void seenByB.push(event) });
    await subscription.caughtUp;
    await a.appendToStream('programme-p1', [ev('a1'), ev('a2')]);
    const fromB = await b.appendToStream('contribution-c1', [ev('b1')], { expectedStreamVersion: 'no_stream' });
    assert.is(fromB.lastPosition, 3, 'B numbers after the events A appended');
    await a.appendToStream('contribution-c1', [ev('a3')], { expectedStreamVersion: 1 });
    // A retry of A's append reaching B (behind a load balancer) is recognised.
    const retried = await b.appendToStream('programme-p1', [ev('a1'), ev('a2')], { expectedStreamVersion: 'no_stream' });
    assert.equal(retried, { nextExpectedStreamVersion: 2, lastPosition: 2, alreadyStored: true });
    await waitFor(() => seenByB.length === 4, "B's subscription to see all four events");
    const fromA = await collect(a.readAll());
    assert.equal(seenByB, fromA);
    assert.equal(await collect(b.readAll()), fromA);
    assert.equal(await a.head(), await b.head());
    await subscription.close();
  });
});

test('a subscription resumes after the connection drops, without gaps or duplicates', async () => {
  await withServer({ systemEventEvery: 2 }, async ({ server, open }) => {
    const store = open();
    for (let i = 1; i <= 5; i++) await store.appendToStream(`s${i % 2}`, [ev(`before-${i}`)]);
    const seen: number[] = [];
    let failed: unknown;
    const subscription = store.subscribe({ onEvent: (event) => void seen.push(event.position), onError: (error) => (failed = error) });
    await subscription.caughtUp;
    assert.equal(seen, [1, 2, 3, 4, 5]);

    await server.dropConnections();
    for (let i = 1; i <= 4; i++) await appendRetrying(store, 'after-drop', [ev(`after-${i}`)]);
    await waitFor(() => seen.length >= 9, 'the events appended after the drop');
    await server.dropConnections();
    await appendRetrying(store, 'after-second-drop', [ev('last')]);
    await waitFor(() => seen.length >= 10, 'the event appended after the second drop');
    assert.equal(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(server.subscriptionCalls >= 3, `subscribed again after each drop (${server.subscriptionCalls} calls)`);
    assert.is(failed, undefined, 'a dropped connection is not the subscriber’s error');
    assert.is((await store.verify()).ok, true);
    await subscription.close();
  });
});

test('a subscription started while the server is away catches up once it is back', async () => {
  await withServer({}, async ({ server, open }) => {
    const writer = open();
    await writer.appendToStream('s', [ev('a'), ev('b')]);
    const reader = open();
    await reader.head();
    // The server refuses connections for a while: the subscription keeps trying, quietly.
    const back = server.dropConnections({ downForMs: 700 });
    const seen: string[] = [];
    let failed: unknown;
    const subscription = reader.subscribe({ onEvent: (event) => void seen.push(event.id), onError: (error) => (failed = error) });
    await back;
    await subscription.caughtUp;
    assert.is(failed, undefined);
    await appendRetrying(writer, 's', [ev('c')]);
    await waitFor(() => seen.length === 3, 'three events');
    assert.equal(seen, ['a', 'b', 'c']);
    await subscription.close();
  });
});

test('names EventStoreDB keeps for itself ($-prefixed streams and types) are refused, and nothing is written', async () => {
  await withServer({}, async ({ server, open }) => {
    const store = open();
    const before = server.eventCount;
    for (const attempt of [store.appendToStream('$settings', [ev('a')]), store.appendToStream('s', [ev('a', {}, '$metadata')])]) {
      try {
        await attempt;
        assert.unreachable('the append should be refused');
      } catch (error) {
        assert.instance(error, TypeError);
        assert.match((error as Error).message, /must not start with \$/);
      }
    }
    assert.is(server.eventCount, before);
    assert.equal(await store.head(), { position: 0, hash: '0'.repeat(64) });
  });
});

test('an event not written by Socle in the database is refused with a clear error', async () => {
  await withServer({}, async ({ server, open }) => {
    const store = open();
    await store.appendToStream('s', [ev('a')]);
    server.appendRaw('orders-1', 'OrderPlaced', { total: 3 });
    try {
      await store.head();
      assert.unreachable('head() should fail');
    } catch (error) {
      assert.match((error as Error).message, /not written by Socle/);
    }
  });
});

test('stream prefixes keep several logs apart on one database', async () => {
  await withServer({}, async ({ server, open }) => {
    const one = open({ streamPrefix: 'one/' });
    const two = open({ streamPrefix: 'two/' });
    await one.appendToStream('s', [ev('a'), ev('b')]);
    await two.appendToStream('s', [ev('a', { other: true })]);
    server.appendRaw('elsewhere-1', 'NotOurs', {});
    await one.appendToStream('s', [ev('c')]);
    assert.equal((await collect(one.readAll())).map((e) => [e.position, e.stream, e.id]), [
      [1, 's', 'a'],
      [2, 's', 'b'],
      [3, 's', 'c'],
    ]);
    assert.equal((await collect(two.readAll())).map((e) => [e.position, e.stream, e.id, e.data]), [[1, 's', 'a', { other: true }]]);
    assert.is((await one.readStream('s')).currentStreamVersion, 3);
  });
});

test('verify names the first position that changed under the index, or an id stored twice', async () => {
  await withServer({}, async ({ server, open }) => {
    const store = open();
    await store.appendToStream('s', [ev('a'), ev('b')]);
    await store.appendToStream('t', [ev('c')]);
    const clean = await store.verify();
    assert.is(clean.ok, true);

    // Another process racing the same id (bypassing the adapter's check) stores a second copy.
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const copy = { ...ev('b'), recordedAt: '2024-01-01T00:00:00.000Z' };
      await client.appendToStream('u', [toEventData('', copy)], { expectedRevision: NO_STREAM });
    } finally {
      await client.dispose();
    }
    const verified = await store.verify();
    assert.equal(verified, { ok: false, events: 4, headHash: (await store.head()).hash, firstBadPosition: 4 });
    // Appends still answer with the first copy.
    assert.is((await store.appendToStream('s', [ev('b')])).lastPosition, 2);
  });
});

test('verify names the first position whose event changed or vanished since the index read it', async () => {
  await withServer({}, async ({ server, open }) => {
    const store = open();
    await store.appendToStream('s', [ev('a'), ev('b'), ev('c')]);
    await store.appendToStream('t', [ev('d'), ev('e')]);
    const head = await store.head();
    assert.equal(await store.verify(), { ok: true, events: 5, headHash: head.hash });

    server.tamper('t', 0, { n: 'altered' });
    assert.equal(await store.verify(), { ok: false, events: 5, headHash: head.hash, firstBadPosition: 4 });
    server.scavenge('s', 1);
    assert.equal(await store.verify(), { ok: false, events: 4, headHash: (await store.head(4)).hash, firstBadPosition: 2 });
    try {
      await collect(store.readAll());
      assert.unreachable('reading a log that changed under the index should fail');
    } catch (error) {
      assert.match((error as Error).message, /no longer matches the log index at position 2/);
    }
  });
});

test('a log exported from the embedded store and imported here gives the same head hash', async () => {
  await withServer({ systemEventEvery: 1 }, async ({ open }) => {
    const source = createMemoryStore({ clock: () => new Date('2024-02-03T04:05:06.789Z') });
    for (let i = 0; i < 40; i++) {
      await source.appendToStream(i % 3 === 0 ? 'programme-p1' : `contribution-c${i % 5}`, [ev(`id-${i}`, { i, amountEur: `${i}.50` })]);
    }
    const exported = await collect(source.readAll());
    const target = open({ clock: () => new Date('2031-01-01T00:00:00.000Z') });
    for (let i = 0; i < exported.length; i += 16) await target.importRecorded(exported.slice(i, i + 16));
    assert.equal(await target.head(), await source.head());
    assert.equal(await collect(target.readAll()), exported);
    assert.equal(await target.verify(), await source.verify());
    // A second process reading the same database computes the same chain from scratch.
    const other = open();
    assert.equal(await other.head(20), await source.head(20));
    await source.close();
  });
});

test('socle log import into EventStoreDB prints the head hash of the SQLite source, and socle verify agrees', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-esdb-cli-'));
  const server = await startEsdbTestServer({ systemEventEvery: 3 });
  // Asynchronous: the test server runs in this process and must keep answering.
  const socle = async (args: string[], env: Record<string, string>) => {
    const { stdout } = await promisify(execFile)(process.execPath, [new URL('../../bin/socle.js', import.meta.url).pathname, ...args], {
      env: { ...process.env, ...env },
    });
    return stdout.trim();
  };
  try {
    const source = createSqliteStore({ path: join(dir, 'sqlite', 'socle.sqlite'), clock: () => new Date('2024-09-10T08:00:00.000Z') });
    // An import is checked against the domain's rules: the log must be one the deciders could write.
    const metadata = { actor: 'test', role: 'coordinator' };
    await source.appendToStream('programme-p', [
      { id: 'open', type: 'ProgrammeOpened', schemaVersion: 1, data: { programmeId: 'p', name: 'Médiathèques', startsOn: '2024-01-01', endsOn: '2024-12-31' }, metadata },
      { id: 'ccas', type: 'PartnerJoined', schemaVersion: 1, data: { programmeId: 'p', partnerId: 'ccas', name: 'CCAS', category: 'ccas' }, metadata },
    ]);
    for (let i = 0; i < 28; i++) {
      const content = { partnerId: 'ccas', kind: 'cash', status: 'actual', date: '2024-03-01', unit: 'eur', amount: `${i + 1}.00`, description: 'médiathèque' };
      await source.appendToStream(`contribution-c${i}`, [{ id: `c-${i}`, type: 'ContributionRecorded', schemaVersion: 1, data: { programmeId: 'p', contributionId: `c${i}`, content }, metadata }]);
    }
    const head = await source.head();
    await source.close();
    const sqlite = { SOCLE_STORE: 'sqlite' };
    const eventstoredb = { SOCLE_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server.connectionString };
    const file = join(dir, 'ledger.jsonl');
    assert.is(await socle(['log', 'export', '--data', join(dir, 'sqlite'), '--out', file], sqlite), `30 ${head.hash}`);
    assert.is(await socle(['log', 'import', file, '--data', join(dir, 'esdb')], eventstoredb), `30 ${head.hash}`);
    assert.is(await socle(['verify', '--data', join(dir, 'esdb')], eventstoredb), `ok 30 ${head.hash}`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store is refused without a usable connection string, and closes', async () => {
  assert.throws(() => createEventStoreDbStore({ connectionString: '' }), /EVENTSTORE_CONNECTION_STRING/);
  assert.throws(() => createEventStoreDbStore({ connectionString: 'http://user:secret@host' }), (error: Error) => {
    return /invalid EventStoreDB connection string/.test(error.message) && !error.message.includes('secret');
  });
  const store = createEventStoreDbStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
  await store.close();
  try {
    await store.head();
    assert.unreachable('a closed store refuses calls');
  } catch (error) {
    assert.match((error as Error).message, /closed/);
  }
});

test.run();
