// The rows of the PostgreSQL store (postgres.ts): every statement on the events table, and the
// transaction that holds the log's advisory lock around a write (see the note at the top of
// postgres.ts for why writers take turns under that lock).
import pg from 'pg';
import { GENESIS_HASH } from './hash-chain.ts';
import { planImport } from './log-plan.ts';
import type { Head, RecordedEvent } from './port.ts';
import type { StoredRow } from './stored-row.ts';
import { commitFailure } from './store-unavailable.ts';

/** The events table of one schema, its pool, and the channel its appends notify. */
export interface EventsTable {
  pool: pg.Pool;
  schemaName: string;
  /** The quoted, schema-qualified table name. */
  events: string;
  channel: string;
  lockTimeoutMs: number;
}

type Queryable = pg.Pool | pg.PoolClient;

/** Advisory lock class of appends (the second key is the schema's hash): one log, one writer at a time. */
const APPEND_LOCK = 0x50c1e002;

const COLUMNS = `position, id, stream, stream_version AS "streamVersion", type, schema_version AS "schemaVersion",
  data, metadata, recorded_at AS "recordedAt", hash`;

async function query<R extends pg.QueryResultRow>(client: Queryable, text: string, values: unknown[] = []): Promise<R[]> {
  return (await client.query<R>(text, values)).rows;
}

export async function lastRow(table: EventsTable, client: Queryable = table.pool): Promise<StoredRow | undefined> {
  return (await query<StoredRow>(client, `SELECT ${COLUMNS} FROM ${table.events} ORDER BY position DESC LIMIT 1`))[0];
}

export async function rowAt(table: EventsTable, position: number): Promise<StoredRow | undefined> {
  return (await query<StoredRow>(table.pool, `SELECT ${COLUMNS} FROM ${table.events} WHERE position = $1`, [position]))[0];
}

/** Rows with after < position <= to, in position order, at most `limit`. */
export function readAfter(table: EventsTable, after: number, to: number, limit: number): Promise<StoredRow[]> {
  return query<StoredRow>(table.pool, `SELECT ${COLUMNS} FROM ${table.events} WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`, [after, to, limit]);
}

/** Rows with from <= position <= to, a page at a time. */
export async function* pagesOf(table: EventsTable, from: number, to: number, batchSize: number): AsyncGenerator<StoredRow[]> {
  let after = from - 1;
  while (after < to) {
    const page = await readAfter(table, after, to, batchSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.position;
  }
}

export async function streamVersion(table: EventsTable, stream: string, client: Queryable = table.pool): Promise<number> {
  return (await query<{ v: number }>(client, `SELECT COALESCE(MAX(stream_version), 0) AS v FROM ${table.events} WHERE stream = $1`, [stream]))[0]!.v;
}

/** The current version of each of these streams that has events, in one statement. */
export async function streamVersions(table: EventsTable, client: Queryable, streams: string[]): Promise<Map<string, number>> {
  const rows = await query<{ stream: string; v: number }>(client, `SELECT stream, MAX(stream_version) AS v FROM ${table.events} WHERE stream = ANY($1::text[]) GROUP BY stream`, [streams]);
  return new Map(rows.map((r) => [r.stream, r.v]));
}

export function storedWithIds(table: EventsTable, client: Queryable, ids: string[]): Promise<StoredRow[]> {
  return query<StoredRow>(client, `SELECT ${COLUMNS} FROM ${table.events} WHERE id = ANY($1::text[])`, [ids]);
}

/** The stream's rows from version `from`, and its current version, read in one statement (one snapshot). */
export async function streamRows(table: EventsTable, stream: string, from: number): Promise<{ rows: StoredRow[]; current: number }> {
  const rows = await query<StoredRow & { current: number }>(
    table.pool,
    `SELECT ${COLUMNS}, (SELECT COALESCE(MAX(stream_version), 0) FROM ${table.events} WHERE stream = $1) AS current
       FROM (SELECT 1) AS one LEFT JOIN ${table.events} ON stream = $1 AND stream_version >= $2 ORDER BY stream_version`,
    [stream, from],
  );
  const current = rows[0]?.current ?? 0;
  return { rows: rows.filter((row) => row.id !== null).map(({ current: _, ...row }) => row), current };
}

/** Insert the rows in one statement (parallel arrays unnested into rows) and notify the log's channel. */
export async function insertRows(table: EventsTable, client: pg.PoolClient, rows: StoredRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO ${table.events} (position, id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash)
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
  await client.query('SELECT pg_notify($1, $2)', [table.channel, String(rows[rows.length - 1]!.position)]);
}

/** The import rules over one batch, with what they read fetched first in three queries. */
export async function importBatch(table: EventsTable, client: pg.PoolClient, batch: RecordedEvent[]): Promise<Head> {
  const last = await lastRow(table, client);
  const ids = batch.map((event) => (typeof event?.id === 'string' ? event.id : ''));
  const streams = [...new Set(batch.map((event) => (typeof event?.stream === 'string' ? event.stream : '')))];
  const stored = new Set((await query<{ id: string }>(client, `SELECT id FROM ${table.events} WHERE id = ANY($1::text[])`, [ids])).map((r) => r.id));
  const versions = await streamVersions(table, client, streams);
  const { head, rows } = planImport(batch, { lastRow: () => last, isStored: (id) => stored.has(id), streamVersion: (stream) => versions.get(stream) ?? 0 });
  await insertRows(table, client, rows);
  return head;
}

/**
 * The last row recorded at or before an ISO instant (positionAt), by one seek down the recorded_at
 * index (migration 2). Appends never record an event earlier than the one before it (log-plan.ts),
 * so the latest recorded at or before the instant is also the last by position.
 */
export async function lastRowAtOrBefore(table: EventsTable, instant: string): Promise<StoredRow | undefined> {
  return (await query<StoredRow>(table.pool, `SELECT ${COLUMNS} FROM ${table.events} WHERE recorded_at <= $1 ORDER BY recorded_at DESC, position DESC LIMIT 1`, [instant]))[0];
}

/** The head of the log, or the position and hash at `atPosition`. */
export async function headOf(table: EventsTable, atPosition?: number): Promise<Head> {
  if (atPosition === undefined) return headOfRow(await lastRow(table));
  if (!Number.isSafeInteger(atPosition) || atPosition < 0) throw new RangeError('position must be a non-negative integer');
  if (atPosition === 0) return { position: 0, hash: GENESIS_HASH };
  const row = await rowAt(table, atPosition);
  if (row) return { position: row.position, hash: row.hash };
  const headPosition = (await lastRow(table))?.position ?? 0;
  if (atPosition > headPosition) throw new RangeError(`position ${atPosition} is beyond the head of the log (${headPosition})`);
  throw new Error(`the event at position ${atPosition} is missing: the log is damaged (run verify)`);
}

export function headOfRow(last: StoredRow | undefined): Head {
  return last ? { position: last.position, hash: last.hash } : { position: 0, hash: GENESIS_HASH };
}

/** Run fn in one transaction holding the log's advisory lock; roll back if it throws. */
export async function writeTransaction<T>(table: EventsTable, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await table.pool.connect();
  let broken: Error | undefined;
  // The pool listens for errors of idle connections only: one lost while checked out here (the
  // server restarting between two statements) emits 'error' on the client, which, unheard, would
  // end the process. Heard, it marks the connection broken; the next statement fails with it.
  const lost = (error: Error) => (broken ??= error);
  client.on('error', lost);
  try {
    // One round trip: a writer that holds the lock longer than this (a stuck session, a long
    // import) makes the append fail with "lock timeout", rather than wait without end.
    await client.query(`BEGIN; SET LOCAL lock_timeout = ${table.lockTimeoutMs}`);
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APPEND_LOCK, table.schemaName]);
      const result = await fn(client);
      // Lost while fn ran, between statements: COMMIT was never sent, nothing was written.
      if (broken) throw broken;
      try {
        await client.query('COMMIT');
      } catch (error) {
        // Lost with COMMIT sent, the transaction may have committed: say so (store-unavailable.ts).
        throw commitFailure(error);
      }
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
    client.off('error', lost);
    client.release(broken);
  }
}

/** A failure of the connection itself, after which it must not be reused. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('08') || code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === '57P01';
}
