// The event store on PostgreSQL (node-postgres), for several app servers sharing one database.
// The rules are the embedded stores' own (log-plan.ts); the statements are postgres-rows.ts, the
// listening connection postgres-listener.ts; this file puts them together.
//
// Positions: every write transaction (a group of appends, postgres-group-commit.ts, or an import)
// runs as ONE transaction that first takes a transaction-level
// advisory lock on the log (pg_advisory_xact_lock), then reads the stored ids, the stream's version
// and the last row, then inserts. The lock is held until COMMIT or ROLLBACK, so writers, in this
// process or any other, take turns: under READ COMMITTED each statement after the lock sees every
// transaction committed before it, so the next position is the last committed one + 1 (no gap, no
// reuse, no fork of the hash chain) and positions follow commit order, which a reader by position
// needs (a sequence would let a later position commit before an earlier one, and a follower would
// skip it). The expected version is checked in that transaction, against what SQL just read. The
// UNIQUE constraints on id and (stream, stream_version) are a second guard.
//
// Durability is the server's: with synchronous_commit on (PostgreSQL's default; keep it so) COMMIT
// returns once the WAL is flushed, and only then is the append answered.
//
// Followers: each append NOTIFYs the log's channel inside its transaction (delivered on commit);
// every store LISTENs on a connection of its own and wakes its subscribers, and also polls every
// pollIntervalMs in case a notification is lost with a dropped connection. So a write on one server
// reaches another's read model in about one round trip, and at worst pollIntervalMs later.
import pg from 'pg';
import { ChainCheck, checkedAppend, checkedAppends, readableEvent } from './log-plan.ts';
import { appendManyOperation, appendOperation } from './postgres-appends.ts';
import { MAX_EVENTS_PER_IMPORT } from './log-store.ts';
import {
  ImportError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type Head,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
  type VerifyResult,
} from './port.ts';
import { migratePostgres, quoteIdent } from './postgres-migrations.ts';
import { createListener } from './postgres-listener.ts';
import { postgresGroupCommit, type PostgresGroupCommit } from './postgres-group-commit.ts';
import {
  headOf,
  headOfRow,
  importBatch,
  lastRow,
  pagesOf,
  readAfter,
  streamRows,
  writeTransaction,
  lastRowAtOrBefore,
  type EventsTable,
} from './postgres-rows.ts';
import { checkReadAllOptions, DEFAULT_READ_BATCH_SIZE, eventsOfPages } from './read-options.ts';
import { checkInstant, checkName, checkPositiveInteger, type StoredRow } from './stored-row.ts';
import { startSubscription, trackSubscription } from './subscription.ts';
import { isStoreUnavailable } from './store-unavailable.ts';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database; without it, node-postgres reads the PG* variables. */
  connectionString?: string;
  /** The schema holding the log (created if needed), default "public": one database can hold several logs. */
  schema?: string;
  clock?: () => Date;
  /** Safety poll for subscribers beside LISTEN/NOTIFY, default 1000 ms. */
  pollIntervalMs?: number;
  /** Connections in the pool, default 4. */
  maxConnections?: number;
  /** How long an append waits for another writer's transaction (the advisory lock), default 5000 ms, like SQLite's busy_timeout. */
  lockTimeoutMs?: number;
}

// BIGINT comes back as a string by default; positions stay far below 2^53.
const BIGINT_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === BIGINT_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function createPostgresStore(options: PostgresStoreOptions = {}): Promise<EventStore> {
  const clock = options.clock ?? (() => new Date());
  const config = { ...(options.connectionString !== undefined && { connectionString: options.connectionString }), types };
  const table = await openTable(options, config, clock);
  const wakes = new Set<() => void>();
  const notify = () => {
    for (const wake of wakes) wake();
  };
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error('the postgres event store is closed');
  };
  const listener = createListener(config, table.channel, notify, () => wakes.size > 0);
  const writer = postgresGroupCommit((fn) => writeTransaction(table, fn));
  const writes = postgresWrites(table, { clock, ensureOpen, notify, writer });
  const reads = postgresReads(table, ensureOpen);
  const subscriptions = new Set<Subscription>();

  return {
    kind: 'postgres',
    appendToStream: writes.appendToStream,
    appendMany: writes.appendMany,
    readStream: reads.readStream,
    readAll: reads.readAll,
    readPages: reads.readPages,
    head: reads.head,
    positionAt: reads.positionAt,

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      ensureOpen();
      listener.listen();
      const subscription = startSubscription(subscribeOptions, {
        // Unknown without a query: caughtUp then resolves on the first page shorter than a full
        // one, read after this call, which holds the head as it was when subscribing.
        headPosition: Number.MAX_SAFE_INTEGER,
        readAfter: async (after, limit) => {
          ensureOpen();
          return (await readAfter(table, after, Number.MAX_SAFE_INTEGER, limit)).map(readableEvent);
        },
        listen: (wake) => {
          wakes.add(wake);
          return () => wakes.delete(wake);
        },
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        // The server restarting or a connection lost: read again at the next poll, from where it stopped.
        transient: isStoreUnavailable,
      });
      return trackSubscription(subscriptions, subscription);
    },

    verify: reads.verify,
    importRecorded: writes.importRecorded,
    importAll: writes.importAll,

    async close() {
      if (closed) return;
      // Appends already called are written and answered before the store closes.
      await writer.idle();
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      subscriptions.clear();
      wakes.clear();
      closed = true;
      await listener.close();
      await table.pool.end();
    },
  };
}

/** The pool on the log's schema, migrated; ended again if the migration fails. */
async function openTable(options: PostgresStoreOptions, config: pg.ClientConfig, clock: () => Date): Promise<EventsTable> {
  const schemaName = options.schema ?? 'public';
  const pool = new pg.Pool({ ...config, max: options.maxConnections ?? 4 });
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(lockTimeoutMs) || lockTimeoutMs < 1) throw new RangeError('lockTimeoutMs must be a positive integer');
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, schemaName, clock);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  // At most 63 bytes, PostgreSQL's limit (pg_notify refuses longer); two long schema names sharing a
  // prefix only wake each other's subscribers for nothing.
  const channel = `socle_events_${schemaName}`.slice(0, 63);
  return { pool, schemaName, events: `${quoteIdent(schemaName)}.events`, channel, lockTimeoutMs };
}

interface WriteContext {
  clock: () => Date;
  ensureOpen: () => void;
  notify: () => void;
  /** This process's writes, in call order, grouped into as few transactions as they allow. */
  writer: PostgresGroupCommit;
}

/** The store's writes: appends and appendMany grouped into transactions under the log's lock (postgres-group-commit.ts), imports each in one of its own. */
function postgresWrites(table: EventsTable, { clock, ensureOpen, notify, writer }: WriteContext) {
  return {
    async appendToStream(stream: string, newEvents: NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      ensureOpen();
      const { expected, normalized } = checkedAppend(stream, newEvents, appendOptions);
      const outcome = await writer.enqueue(appendOperation(table, clock, stream, normalized, expected));
      if (outcome.rows.length > 0) notify();
      return outcome.result;
    },

    async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
      ensureOpen();
      const outcome = await writer.enqueue(appendManyOperation(table, clock, checkedAppends(appends)));
      if (outcome.rows.length > 0) notify();
      return outcome.results;
    },

    async importRecorded(batch: RecordedEvent[]): Promise<Head> {
      ensureOpen();
      if (!Array.isArray(batch)) throw new ImportError('the import must be an array of events');
      if (batch.length > MAX_EVENTS_PER_IMPORT) throw new ImportError(`an import call holds at most ${MAX_EVENTS_PER_IMPORT} events, got ${batch.length}`);
      const head = await writer.enqueue((client) => importBatch(table, client, batch), { alone: true });
      if (batch.length > 0) notify();
      return head;
    },

    async importAll(batches: AsyncIterable<RecordedEvent[]>): Promise<Head> {
      ensureOpen();
      let wrote = false;
      // One transaction under the lock for every batch: appends wait until it ends.
      const head = await writer.enqueue(
        async (client) => {
          // Read on the transaction's own connection: a pool of one has no other to give.
          let head = headOfRow(await lastRow(table, client));
          for await (const batch of batches) {
            ensureOpen();
            if (!Array.isArray(batch) || batch.length > MAX_EVENTS_PER_IMPORT) throw new ImportError(`an import batch holds at most ${MAX_EVENTS_PER_IMPORT} events`);
            head = await importBatch(table, client, batch);
            wrote ||= batch.length > 0;
          }
          return head;
        },
        { alone: true },
      );
      if (wrote) notify();
      return head;
    },
  };
}

/** The store's reads: a stream, the log by pages or events, the head, and the chain's verification. */
function postgresReads(table: EventsTable, ensureOpen: () => void) {
  function readPages(readOptions: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    const { from, batchSize } = checkReadAllOptions(readOptions);
    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        // The head when reading starts: appends made meanwhile are for the next read.
        const to = readOptions.to ?? (await lastRow(table))?.position ?? 0;
        for await (const page of pagesOf(table, from, to, batchSize)) yield page.map(readableEvent);
      },
    };
  }

  return {
    async readStream(stream: string, readOptions: ReadStreamOptions = {}): Promise<ReadStreamResult> {
      ensureOpen();
      checkName(stream, 'stream');
      const from = readOptions.from ?? 1;
      checkPositiveInteger(from, 'from');
      const { rows, current } = await streamRows(table, stream, from);
      return { events: rows.map(readableEvent), currentStreamVersion: current, streamExists: current > 0 };
    },

    readAll(readOptions: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
      return eventsOfPages(readPages(readOptions));
    },

    readPages,

    async head(atPosition?: number): Promise<Head> {
      ensureOpen();
      return headOf(table, atPosition);
    },

    async positionAt(instant: string): Promise<Head> {
      ensureOpen();
      checkInstant(instant);
      return headOfRow(await lastRowAtOrBefore(table, instant));
    },

    async verify(): Promise<VerifyResult> {
      ensureOpen();
      const check = new ChainCheck();
      for await (const page of pagesOf(table, 1, Number.MAX_SAFE_INTEGER, DEFAULT_READ_BATCH_SIZE)) for (const row of page) check.take(row);
      return check.result();
    },
  };
}
