// A connection lost during a write on PostgreSQL, at two moments (through test/store/postgres-cut-proxy.ts):
// before COMMIT was sent, the append fails as « rien n'a été écrit » and the log holds nothing of
// it; with COMMIT sent and its answer lost, the append fails as CommitOutcomeUnknownError (« a
// peut-être été enregistrée ») — and the log does hold it, which is why the old sentence was false
// there — and the same append again is answered as stored, nothing written twice.
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPostgresStore } from '../../src/store/postgres.ts';
import { CommitOutcomeUnknownError, isStoreUnavailable, storeUnavailableSentence } from '../../src/store/store-unavailable.ts';
import { ev } from './contract.ts';
import { startCutProxy } from './postgres-cut-proxy.ts';
import { DATABASE_URL, dropSchema, randomSchema, requirePostgres } from './postgres-helpers.ts';

await requirePostgres();

/** The ids in the schema's log, read straight from the server (not through the proxy). */
async function storedIds(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ id: string }>(`SELECT id FROM "${schema}".events ORDER BY position`)).rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.unreachable('the append succeeded');
}

test('lost before COMMIT was sent: « rien n’a été écrit », and nothing was; lost with COMMIT sent: « peut-être », and it was', async () => {
  const proxy = await startCutProxy();
  const schema = randomSchema();
  const store = await createPostgresStore({ connectionString: proxy.url, schema });
  try {
    await store.appendToStream('s', [ev('a')]);

    proxy.arm('lock');
    const before = await failure(store.appendToStream('s', [ev('b')], { expectedStreamVersion: 1 }));
    await proxy.cut();
    assert.not.instance(before, CommitOutcomeUnknownError);
    assert.ok(isStoreUnavailable(before), String(before));
    assert.match(storeUnavailableSentence(before), 'rien n’a été écrit');
    assert.equal(await storedIds(schema), ['a']);

    proxy.arm('commit');
    const during = await failure(store.appendToStream('s', [ev('b')], { expectedStreamVersion: 1 }));
    await proxy.cut();
    assert.instance(during, CommitOutcomeUnknownError);
    assert.ok(isStoreUnavailable(during));
    assert.match(storeUnavailableSentence(during), 'l’écriture a peut-être été enregistrée');
    // The server committed: the append the client was told failed is in the log.
    assert.equal(await storedIds(schema), ['a', 'b']);
    // Sent again, the same append (same event id) is answered as stored, and nothing is written twice.
    assert.equal(await store.appendToStream('s', [ev('b')], { expectedStreamVersion: 1 }), { nextExpectedStreamVersion: 2, lastPosition: 2, alreadyStored: true });
    assert.is((await store.appendToStream('s', [ev('c')], { expectedStreamVersion: 2 })).lastPosition, 3);
    assert.equal(await storedIds(schema), ['a', 'b', 'c']);
    assert.is((await store.verify()).ok, true);
  } finally {
    await store.close();
    await proxy.close();
    await dropSchema(schema);
  }
});

test('a group commit cut at COMMIT: every append of the group is told « peut-être », and every one was written', async () => {
  const proxy = await startCutProxy();
  const schema = randomSchema();
  const store = await createPostgresStore({ connectionString: proxy.url, schema });
  const holder = new pg.Client({ connectionString: DATABASE_URL });
  await holder.connect();
  try {
    await store.appendToStream('s', [ev('a')]);
    // Another session holds the log's lock: x's transaction waits for it, b, c and d queue behind x.
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [0x50c1e002, schema]);
    const calls = ['x', 'b', 'c', 'd'].map((id) => store.appendToStream(id, [ev(id)]));
    // x's COMMIT goes through; the next one, the group of b, c and d, is cut once the server answered.
    proxy.arm('commit', 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await holder.query('ROLLBACK');
    const settled = await Promise.allSettled(calls);
    await proxy.cut();
    assert.equal(settled.map((s) => s.status), ['fulfilled', 'rejected', 'rejected', 'rejected']);
    for (const outcome of settled.slice(1)) assert.instance((outcome as PromiseRejectedResult).reason, CommitOutcomeUnknownError);
    assert.equal(await storedIds(schema), ['a', 'x', 'b', 'c', 'd']);
    // The store goes on, on a new connection.
    assert.is((await store.appendToStream('e', [ev('e')])).lastPosition, 6);
  } finally {
    await holder.end();
    await store.close();
    await proxy.close();
    await dropSchema(schema);
  }
});

test.run();
