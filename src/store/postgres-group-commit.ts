// Group commit for the PostgreSQL store (postgres.ts). Appends take turns under the log's advisory
// lock, and each durable COMMIT waits for a WAL flush, so one transaction per append caps a server
// at one flush per append however many requests wait (bench section 9: 32 appends in flight went no
// faster than one at a time). So this process's writes queue up while a transaction is open, and
// the queue goes in the NEXT transaction, all of it (at most MAX_GROUP_APPENDS): one lock, one flush.
// Each operation runs in its own savepoint when it is not alone, so that a database error in one
// rolls back only itself; a refusal decided before writing (a version conflict) writes nothing and
// needs no rollback. Operations run in arrival order and see the rows of those before them in the
// group (same transaction), so positions follow the order of the calls and every check (expected
// version, idempotent ids) is made against what is committed plus what the group wrote; every
// caller is answered only once the COMMIT returned, so nothing is acknowledged before it is durable.
// A failure of the transaction itself (the lock's timeout, a lost connection, the COMMIT) fails
// every operation of the group: none of them was written.
import type pg from 'pg';
import { MAX_GROUP_APPENDS } from './group-commit.ts';

interface Queued {
  run(client: pg.PoolClient): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Runs in a transaction of its own (an importAll: its length is unbounded). */
  alone: boolean;
}

type Transaction = <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

export interface PostgresGroupCommit {
  /** Queue an operation on the write transaction's connection; answered with its result after COMMIT. */
  enqueue<T>(run: (client: pg.PoolClient) => Promise<T>, options?: { alone?: boolean }): Promise<T>;
  /** Settles once every operation queued so far has been answered. */
  idle(): Promise<void>;
}

export function postgresGroupCommit(transaction: Transaction): PostgresGroupCommit {
  const queue: Queued[] = [];
  let writing: Promise<void> | undefined;

  const drain = async () => {
    while (queue.length > 0) {
      const group = takeGroup(queue);
      await writeGroup(transaction, group);
    }
    writing = undefined;
  };

  return {
    enqueue<T>(run: (client: pg.PoolClient) => Promise<T>, options: { alone?: boolean } = {}): Promise<T> {
      const answer = new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (value: unknown) => void, reject, alone: options.alone === true });
      });
      writing ??= drain();
      return answer;
    },
    async idle() {
      while (writing) await writing;
    },
  };
}

/** The next group: an operation that must be alone, or the queue's head up to the first such one. */
function takeGroup(queue: Queued[]): Queued[] {
  if (queue[0]!.alone) return queue.splice(0, 1);
  let size = 0;
  while (size < queue.length && size < MAX_GROUP_APPENDS && !queue[size]!.alone) size++;
  return queue.splice(0, size);
}

async function writeGroup(transaction: Transaction, group: Queued[]): Promise<void> {
  let outcomes: { ok: boolean; value: unknown }[];
  try {
    outcomes = await transaction(async (client) => {
      const done: { ok: boolean; value: unknown }[] = [];
      for (const operation of group) done.push(await runOne(client, operation, group.length > 1));
      return done;
    });
  } catch (error) {
    for (const operation of group) operation.reject(error);
    return;
  }
  outcomes.forEach((outcome, i) => (outcome.ok ? group[i]!.resolve(outcome.value) : group[i]!.reject(outcome.value)));
}

/** One operation; with company, inside a savepoint rolled back if it fails. */
async function runOne(client: pg.PoolClient, operation: Queued, savepoint: boolean): Promise<{ ok: boolean; value: unknown }> {
  // Alone, its failure is the transaction's, rolled back whole by the caller.
  if (!savepoint) return { ok: true, value: await operation.run(client) };
  await client.query('SAVEPOINT socle_append');
  try {
    const value = await operation.run(client);
    await client.query('RELEASE SAVEPOINT socle_append');
    return { ok: true, value };
  } catch (error) {
    // The savepoint's own rollback failing means the connection is gone: the whole group fails.
    await client.query('ROLLBACK TO SAVEPOINT socle_append');
    return { ok: false, value: error };
  }
}
