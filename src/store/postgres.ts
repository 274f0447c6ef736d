// The event store on PostgreSQL (node-postgres), for several app servers sharing one database.
// The rules are the embedded stores' own (log-plan.ts); this file only reads and writes rows.
//
// Positions: every append and import runs in ONE transaction that first takes a transaction-level
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
import { GENESIS_HASH } from './hash-chain.ts';
import { ChainCheck, checkAppendArguments, checkDistinctIds, planAppend, planImport, readableEvent } from './log-plan.ts';
import { MAX_EVENTS_PER_IMPORT } from './log-store.ts';
import {
  ImportError,
  MAX_EVENTS_PER_APPEND,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type Head,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadStreamResult,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type VerifyResult,
} from './port.ts';
import { migratePostgres, quoteIdent } from './postgres-migrations.ts';
import { checkReadAllOptions, DEFAULT_READ_BATCH_SIZE, eventsOfPages } from './read-options.ts';
import { checkInstant, checkName, checkPositiveInteger, normalizeEvents, type StoredRow } from './stored-row.ts';
import { startSubscription } from './subscription.ts';

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

/** Advisory lock class of appends (the second key is the schema's hash): one log, one writer at a time. */
const APPEND_LOCK = 0x50c1e002;

const COLUMNS = `position, id, stream, stream_version AS "streamVersion", type, schema_version AS "schemaVersion",
  data, metadata, recorded_at AS "recordedAt", hash`;

// BIGINT comes back as a string by default; positions stay far below 2^53.
const BIGINT_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === BIGINT_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function createPostgresStore(options: PostgresStoreOptions = {}): Promise<EventStore> {
  const clock = options.clock ?? (() => new Date());
  const schemaName = options.schema ?? 'public';
  const schema = quoteIdent(schemaName);
  const events = `${schema}.events`;
  // At most 63 bytes, PostgreSQL's limit (pg_notify refuses longer); two long schema names sharing a
  // prefix only wake each other's subscribers for nothing.
  const channel = `socle_events_${schemaName}`.slice(0, 63);
  const config = { ...(options.connectionString !== undefined && { connectionString: options.connectionString }), types };
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

  const wakes = new Set<() => void>();
  const notify = () => {
    for (const wake of wakes) wake();
  };
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error('the postgres event store is closed');
  };

  // The listening connection: set up on the first subscription and, when it drops, again a second
  // later (the poll carries the subscribers meanwhile, and the wake after LISTEN catches up on
  // whatever was notified while it was down).
  let listener: pg.Client | undefined;
  let listening: Promise<void> | undefined;
  let relisten: NodeJS.Timeout | undefined;
  const listen = () => {
    if (listening || closed) return;
    const client = new pg.Client(config);
    listener = client;
    const dropped = () => {
      if (listener !== client) return;
      listening = undefined;
      listener = undefined;
      void client.end().catch(() => {});
      if (!closed && wakes.size > 0) {
        relisten = setTimeout(listen, 1000);
        relisten.unref();
      }
    };
    client.on('notification', notify);
    client.on('error', dropped);
    client.on('end', dropped);
    listening = client
      .connect()
      .then(() => client.query(`LISTEN ${channel}`))
      .then(() => notify())
      .catch(dropped);
  };

  // Writes from this process go one at a time, in call order (the lock would serialize them anyway,
  // but in no particular order): positions then follow the order of the calls, as in the SQLite store.
  let writing: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = writing.then(fn, fn);
    writing = next.catch(() => {});
    return next;
  };

  /** Run fn in one transaction holding the log's advisory lock; roll back if it throws. */
  async function writeTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      // One round trip: a writer that holds the lock longer than this (a stuck session, a long
      // import) makes the append fail with "lock timeout", rather than wait without end.
      await client.query(`BEGIN; SET LOCAL lock_timeout = ${lockTimeoutMs}`);
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APPEND_LOCK, schemaName]);
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } catch (error) {
      broken ??= isConnectionError(error) ? (error as Error) : undefined;
      throw error;
    } finally {
      // A connection that failed is dropped from the pool rather than handed to the next caller.
      client.release(broken);
    }
  }

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = [], client: pg.Pool | pg.PoolClient = pool) =>
    (await client.query<R>(text, values)).rows;
  const lastRow = async (client: pg.Pool | pg.PoolClient = pool) =>
    (await query<StoredRow>(`SELECT ${COLUMNS} FROM ${events} ORDER BY position DESC LIMIT 1`, [], client))[0];
  const rowAt = async (position: number) => (await query<StoredRow>(`SELECT ${COLUMNS} FROM ${events} WHERE position = $1`, [position]))[0];
  const readAfter = (after: number, to: number, limit: number) =>
    query<StoredRow>(`SELECT ${COLUMNS} FROM ${events} WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`, [after, to, limit]);
  const streamVersion = async (stream: string, client: pg.Pool | pg.PoolClient = pool) =>
    (await query<{ v: number }>(`SELECT COALESCE(MAX(stream_version), 0) AS v FROM ${events} WHERE stream = $1`, [stream], client))[0]!.v;

  async function insert(client: pg.PoolClient, rows: StoredRow[]): Promise<void> {
    if (rows.length === 0) return;
    // One statement for the whole batch: parallel arrays unnested into rows.
    await client.query(
      `INSERT INTO ${events} (position, id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        rows.map((r) => r.position),
        rows.map((r) => r.id),
        rows.map((r) => r.stream),
        rows.map((r) => r.streamVersion),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        rows.map((r) => r.data),
        rows.map((r) => r.metadata),
        rows.map((r) => r.recordedAt),
        rows.map((r) => r.hash),
      ],
    );
    await client.query('SELECT pg_notify($1, $2)', [channel, String(rows[rows.length - 1]!.position)]);
  }

  /** The import rules over one batch, with what they read fetched first in three queries. */
  async function importBatch(client: pg.PoolClient, batch: RecordedEvent[]): Promise<Head> {
    const last = await lastRow(client);
    const ids = batch.map((event) => (typeof event?.id === 'string' ? event.id : ''));
    const streams = [...new Set(batch.map((event) => (typeof event?.stream === 'string' ? event.stream : '')))];
    const stored = new Set((await query<{ id: string }>(`SELECT id FROM ${events} WHERE id = ANY($1::text[])`, [ids], client)).map((r) => r.id));
    const versions = new Map(
      (await query<{ stream: string; v: number }>(`SELECT stream, MAX(stream_version) AS v FROM ${events} WHERE stream = ANY($1::text[]) GROUP BY stream`, [streams], client)).map((r) => [r.stream, r.v]),
    );
    const { head, rows } = planImport(batch, { lastRow: () => last, isStored: (id) => stored.has(id), streamVersion: (stream) => versions.get(stream) ?? 0 });
    await insert(client, rows);
    return head;
  }

  async function* pages(from: number, to: number, batchSize: number): AsyncGenerator<StoredRow[]> {
    let after = from - 1;
    while (after < to) {
      const page = await readAfter(after, to, batchSize);
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1]!.position;
    }
  }

  async function headAt(atPosition?: number): Promise<Head> {
    if (atPosition === undefined) {
      const last = await lastRow();
      return last ? { position: last.position, hash: last.hash } : { position: 0, hash: GENESIS_HASH };
    }
    if (!Number.isSafeInteger(atPosition) || atPosition < 0) throw new RangeError('position must be a non-negative integer');
    if (atPosition === 0) return { position: 0, hash: GENESIS_HASH };
    const row = await rowAt(atPosition);
    if (row) return { position: row.position, hash: row.hash };
    const headPosition = (await lastRow())?.position ?? 0;
    if (atPosition > headPosition) throw new RangeError(`position ${atPosition} is beyond the head of the log (${headPosition})`);
    throw new Error(`the event at position ${atPosition} is missing: the log is damaged (run verify)`);
  }

  function readPages(readOptions: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> {
    const { from, batchSize } = checkReadAllOptions(readOptions);
    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        // The head when reading starts: appends made meanwhile are for the next read.
        const to = readOptions.to ?? (await lastRow())?.position ?? 0;
        for await (const page of pages(from, to, batchSize)) yield page.map(readableEvent);
      },
    };
  }

  const subscriptions = new Set<Subscription>();

  return {
    kind: 'postgres',

    async appendToStream(stream: string, newEvents: NewEvent[], appendOptions: AppendOptions = {}): Promise<AppendResult> {
      ensureOpen();
      checkName(stream, 'stream');
      const expected = appendOptions.expectedStreamVersion ?? 'any';
      checkAppendArguments(newEvents, expected, MAX_EVENTS_PER_APPEND);
      const normalized = normalizeEvents(newEvents);
      checkDistinctIds(normalized);
      const outcome = await serially(() =>
        writeTransaction(async (client) => {
          const found = normalized.length === 0 ? [] : await query<StoredRow>(`SELECT ${COLUMNS} FROM ${events} WHERE id = ANY($1::text[])`, [normalized.map((e) => e.id)], client);
          const current = found.length > 0 ? 0 : await streamVersion(stream, client);
          const last = found.length > 0 ? undefined : await lastRow(client);
          const planned = planAppend(stream, normalized, expected, {
            storedWithIds: () => found,
            streamVersion: () => current,
            lastRow: () => last,
            now: () => clock().toISOString(),
          });
          await insert(client, planned.rows);
          return planned;
        }),
      );
      if (outcome.rows.length > 0) notify();
      return outcome.result;
    },

    async readStream(stream: string, readOptions: ReadStreamOptions = {}): Promise<ReadStreamResult> {
      ensureOpen();
      checkName(stream, 'stream');
      const from = readOptions.from ?? 1;
      checkPositiveInteger(from, 'from');
      // One statement: the version and the rows come from the same snapshot.
      const rows = await query<StoredRow & { current: number }>(
        `SELECT ${COLUMNS}, (SELECT COALESCE(MAX(stream_version), 0) FROM ${events} WHERE stream = $1) AS current
           FROM (SELECT 1) AS one LEFT JOIN ${events} ON stream = $1 AND stream_version >= $2 ORDER BY stream_version`,
        [stream, from],
      );
      const current = rows[0]?.current ?? 0;
      const found = rows.filter((row) => row.id !== null).map(({ current: _, ...row }) => row);
      return { events: found.map(readableEvent), currentStreamVersion: current, streamExists: current > 0 };
    },

    readAll(readOptions: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
      return eventsOfPages(readPages(readOptions));
    },

    readPages,

    async head(atPosition?: number): Promise<Head> {
      ensureOpen();
      return headAt(atPosition);
    },

    async positionAt(instant: string): Promise<Head> {
      ensureOpen();
      checkInstant(instant);
      const row = (await query<StoredRow>(`SELECT ${COLUMNS} FROM ${events} WHERE recorded_at <= $1 ORDER BY position DESC LIMIT 1`, [instant]))[0];
      return row ? { position: Number(row.position), hash: row.hash } : { position: 0, hash: GENESIS_HASH };
    },

    subscribe(subscribeOptions: SubscribeOptions): Subscription {
      ensureOpen();
      listen();
      const subscription = startSubscription(subscribeOptions, {
        // Unknown without a query: caughtUp then resolves on the first page shorter than a full
        // one, read after this call, which holds the head as it was when subscribing.
        headPosition: Number.MAX_SAFE_INTEGER,
        readAfter: async (after, limit) => {
          ensureOpen();
          return (await readAfter(after, Number.MAX_SAFE_INTEGER, limit)).map(readableEvent);
        },
        listen: (wake) => {
          wakes.add(wake);
          return () => wakes.delete(wake);
        },
        pollIntervalMs: options.pollIntervalMs ?? 1000,
      });
      subscriptions.add(subscription);
      return {
        caughtUp: subscription.caughtUp,
        async close() {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },

    async verify(): Promise<VerifyResult> {
      ensureOpen();
      const check = new ChainCheck();
      for await (const page of pages(1, Number.MAX_SAFE_INTEGER, DEFAULT_READ_BATCH_SIZE)) for (const row of page) check.take(row);
      return check.result();
    },

    async importRecorded(batch: RecordedEvent[]): Promise<Head> {
      ensureOpen();
      if (!Array.isArray(batch)) throw new ImportError('the import must be an array of events');
      if (batch.length > MAX_EVENTS_PER_IMPORT) throw new ImportError(`an import call holds at most ${MAX_EVENTS_PER_IMPORT} events, got ${batch.length}`);
      const head = await serially(() => writeTransaction((client) => importBatch(client, batch)));
      if (batch.length > 0) notify();
      return head;
    },

    async importAll(batches: AsyncIterable<RecordedEvent[]>): Promise<Head> {
      ensureOpen();
      let wrote = false;
      // One transaction under the lock for every batch: appends wait until it ends.
      const head = await serially(() =>
        writeTransaction(async (client) => {
          // Read on the transaction's own connection: a pool of one has no other to give.
          const last = await lastRow(client);
          let head: Head = last ? { position: last.position, hash: last.hash } : { position: 0, hash: GENESIS_HASH };
          for await (const batch of batches) {
            ensureOpen();
            if (!Array.isArray(batch) || batch.length > MAX_EVENTS_PER_IMPORT) throw new ImportError(`an import batch holds at most ${MAX_EVENTS_PER_IMPORT} events`);
            head = await importBatch(client, batch);
            wrote ||= batch.length > 0;
          }
          return head;
        }),
      );
      if (wrote) notify();
      return head;
    },

    async close() {
      if (closed) return;
      // Appends already called are written and answered before the store closes.
      await writing;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      subscriptions.clear();
      wakes.clear();
      closed = true;
      if (relisten) clearTimeout(relisten);
      const client = listener;
      listener = undefined;
      await listening;
      await client?.end().catch(() => {});
      await pool.end();
    },
  };
}

/** A failure of the connection itself, after which it must not be reused. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('08') || code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === '57P01';
}
