// Group commit on PostgreSQL (src/store/postgres-group-commit.ts): appends that queue up while a
// transaction is open share the next one, each in a savepoint; on the real server, a burst of
// appends with a conflict among them lands in call order, the conflict refused alone.
import type pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postgresGroupCommit } from '../../src/store/postgres-group-commit.ts';
import { VersionConflictError } from '../../src/store/port.ts';
import { collect, ev } from './contract.ts';
import { makeTempPostgresStore, requirePostgres } from './postgres-helpers.ts';

await requirePostgres();

/** A stand-in for writeTransaction: counts transactions and records each statement of the client. */
function recordingTransactions(options: { failCommit?: number } = {}) {
  const transactions: string[][] = [];
  let release: (() => void) | undefined;
  const firstHeld = new Promise<void>((resolve) => (release = resolve));
  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const statements: string[] = [];
    transactions.push(statements);
    // The first transaction waits (as for the log's lock), so that the next appends queue up.
    if (transactions.length === 1) await firstHeld;
    const client = { query: async (sql: string) => void statements.push(sql) } as unknown as pg.PoolClient;
    const result = await fn(client);
    if (options.failCommit === transactions.length) throw Object.assign(new Error('commit failed'), { code: '08006' });
    return result;
  };
  return { transactions, transaction, release: () => release!() };
}

test('appends queued while a transaction is open share the next one, in call order, each in a savepoint', async () => {
  const { transactions, transaction, release } = recordingTransactions();
  const group = postgresGroupCommit(transaction);
  const order: number[] = [];
  const first = group.enqueue(async () => order.push(0));
  await Promise.resolve();
  const rest = Array.from({ length: 30 }, (_, i) => group.enqueue(async () => (order.push(i + 1), i + 1)));
  release();
  assert.equal(await Promise.all(rest), Array.from({ length: 30 }, (_, i) => i + 1));
  await first;
  await group.idle();
  // 31 appends, 2 transactions: the first alone (no savepoint), then the 30 that waited for it.
  assert.is(transactions.length, 2);
  assert.equal(transactions[0], []);
  assert.is(transactions[1]!.filter((sql) => sql === 'SAVEPOINT socle_append').length, 30);
  assert.is(transactions[1]!.filter((sql) => sql === 'RELEASE SAVEPOINT socle_append').length, 30);
  assert.equal(order, Array.from({ length: 31 }, (_, i) => i));
});

test('one failing operation rolls back only its savepoint, the others of its group are written', async () => {
  const { transactions, transaction, release } = recordingTransactions();
  const group = postgresGroupCommit(transaction);
  const first = group.enqueue(async () => 'first');
  await Promise.resolve();
  const ok = group.enqueue(async () => 'ok');
  const refused = group.enqueue(async () => {
    throw new VersionConflictError('s', 0, 1);
  });
  const alsoOk = group.enqueue(async () => 'also ok');
  release();
  assert.is(await first, 'first');
  assert.is(await ok, 'ok');
  await refused.then(
    () => assert.unreachable('the conflict was accepted'),
    (error) => assert.instance(error, VersionConflictError),
  );
  assert.is(await alsoOk, 'also ok');
  assert.equal(transactions[1], [
    'SAVEPOINT socle_append',
    'RELEASE SAVEPOINT socle_append',
    'SAVEPOINT socle_append',
    'ROLLBACK TO SAVEPOINT socle_append',
    'SAVEPOINT socle_append',
    'RELEASE SAVEPOINT socle_append',
  ]);
});

test('a failed COMMIT fails every operation of its group, and the next group goes on', async () => {
  const { transactions, transaction, release } = recordingTransactions({ failCommit: 2 });
  const group = postgresGroupCommit(transaction);
  const first = group.enqueue(async () => 'first');
  await Promise.resolve();
  const lost = Promise.allSettled([group.enqueue(async () => 'a'), group.enqueue(async () => 'b')]);
  release();
  assert.is(await first, 'first');
  assert.equal(
    (await lost).map((outcome) => outcome.status),
    ['rejected', 'rejected'],
  );
  assert.is(await group.enqueue(async () => 'after'), 'after');
  assert.is(transactions.length, 3);
});

test('on the server: a burst of appends lands in call order, the same stream twice in one group, a conflict refused alone', async () => {
  const { store, cleanup } = await makeTempPostgresStore();
  try {
    await store.appendToStream('warm', [ev('w')]);
    const calls = Array.from({ length: 40 }, (_, i) => {
      if (i === 10) return store.appendToStream('s', [ev('s-1')], { expectedStreamVersion: 0 });
      if (i === 11) return store.appendToStream('s', [ev('s-2')], { expectedStreamVersion: 1 });
      if (i === 20) return store.appendToStream('s', [ev('s-late')], { expectedStreamVersion: 0 });
      return store.appendToStream(`one-${i}`, [ev(`e-${i}`)], { expectedStreamVersion: 'no_stream' });
    });
    const settled = await Promise.allSettled(calls);
    const refused = settled.flatMap((outcome, i) => (outcome.status === 'rejected' ? [i] : []));
    assert.equal(refused, [20]);
    assert.instance((settled[20] as PromiseRejectedResult).reason, VersionConflictError);
    // Positions 2..40 in the order of the calls, without the refused one.
    const positions = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.lastPosition] : []));
    assert.equal(positions, Array.from({ length: 39 }, (_, i) => i + 2));
    assert.equal((await store.readStream('s')).events.map((e) => e.id), ['s-1', 's-2']);
    assert.is((await collect(store.readAll())).length, 40);
    assert.ok((await store.verify()).ok);
  } finally {
    await cleanup();
  }
});

test.run();
