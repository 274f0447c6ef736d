// 1. Appends on the SQLite store, durable (synchronous=FULL, the default): one event per append as a
// user recording a contribution does, first one after another, then with 32 appends in flight as
// concurrent requests make them (the store commits those that queue up together); then batches of the most events one append may hold; and,
// as the floors set by SQLite and the disk, bare SQLite transactions of one row with the same
// schema and the same fsync, and bare inserts of the batches' rows 1,000 to a transaction, without
// any of the store's checks or hashing (then with only the hash added).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '../../src/domain/canonical-json.ts';
import { GENESIS_HASH } from '../../src/store/hash-chain.ts';
import { rowHash } from '../../src/store/row-hash.ts';
import { MIGRATIONS } from '../../src/store/sqlite-migrations.ts';
import type { StoredRow } from '../../src/store/stored-row.ts';
import { MAX_EVENTS_PER_APPEND, type NewEvent } from '../../src/store/port.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { perSecond } from '../stats.ts';
import { eventId } from '../ledger.ts';

export interface AppendArgs {
  /** A scratch directory; emptied first. */
  dir: string;
  singles: number;
  /** Batches of MAX_EVENTS_PER_APPEND events. */
  batches: number;
}

export interface AppendFigures {
  singlePerSecond: number;
  /** Single appends with CONCURRENT_APPENDERS in flight at any time. */
  concurrentPerSecond: number;
  batchedEventsPerSecond: number;
  rawCommitsPerSecond: number;
  /** Bare inserts of the batched appends' rows, one transaction per batch. */
  rawBatchedEventsPerSecond: number;
  /** The same, computing each row's chain hash (sha256) as it goes. */
  rawHashedEventsPerSecond: number;
}

/** A contribution as a partner records it through the API, with its own id. */
export function contributionEvent(n: number): NewEvent {
  const contributionId = `bench-${n}`;
  return {
    id: eventId(7, n),
    type: 'ContributionRecorded',
    schemaVersion: 1,
    data: {
      programmeId: 'rafcom',
      contributionId,
      content: {
        partnerId: 'orditous', kind: 'volunteer_time', status: 'actual', date: '2025-03-14', quantity: '12.5', unit: 'hour',
        actionId: 'a02', description: 'Bénévoles aux ateliers d’initiation', evidence: 'Feuille d’émargement',
      },
    },
    metadata: { actor: 'token:orditous', role: 'partner', requestId: `req-${n}` },
  };
}

/** How many appends are in flight in the concurrent measurement (as many as API requests at once). */
export const CONCURRENT_APPENDERS = 32;

export async function measureAppends(args: AppendArgs): Promise<AppendFigures> {
  rmSync(args.dir, { recursive: true, force: true });
  mkdirSync(args.dir, { recursive: true });

  const store = createSqliteStore({ path: join(args.dir, 'single.sqlite'), synchronous: 'FULL' });
  let started = performance.now();
  for (let n = 1; n <= args.singles; n++) {
    const event = contributionEvent(n);
    await store.appendToStream(`contribution-bench-${n}`, [event], { expectedStreamVersion: 'no_stream' });
  }
  const singlePerSecond = perSecond(args.singles, performance.now() - started);
  await store.close();

  const concurrent = createSqliteStore({ path: join(args.dir, 'concurrent.sqlite'), synchronous: 'FULL' });
  let next = 0;
  const appender = async () => {
    for (let n = ++next; n <= args.singles; n = ++next) {
      await concurrent.appendToStream(`contribution-bench-${n}`, [contributionEvent(n)], { expectedStreamVersion: 'no_stream' });
    }
  };
  started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT_APPENDERS }, appender));
  const concurrentPerSecond = perSecond(args.singles, performance.now() - started);
  await concurrent.close();

  const batched = createSqliteStore({ path: join(args.dir, 'batched.sqlite'), synchronous: 'FULL' });
  const batches = Array.from({ length: args.batches }, (_, b) =>
    Array.from({ length: MAX_EVENTS_PER_APPEND }, (_, i) => contributionEvent(b * MAX_EVENTS_PER_APPEND + i + 1)),
  );
  started = performance.now();
  for (const [b, events] of batches.entries()) {
    await batched.appendToStream(`import-${b}`, events, { expectedStreamVersion: 'no_stream' });
  }
  const batchedEventsPerSecond = perSecond(args.batches * MAX_EVENTS_PER_APPEND, performance.now() - started);
  await batched.close();

  const rawCommitsPerSecond = measureRawCommits(join(args.dir, 'raw.sqlite'), args.singles);
  const rows = batchedRows(batches);
  const rawBatchedEventsPerSecond = measureRawBatches(join(args.dir, 'raw-batched.sqlite'), rows, false);
  const rawHashedEventsPerSecond = measureRawBatches(join(args.dir, 'raw-hashed.sqlite'), rows, true);
  rmSync(args.dir, { recursive: true, force: true });
  return { singlePerSecond, concurrentPerSecond, batchedEventsPerSecond, rawCommitsPerSecond, rawBatchedEventsPerSecond, rawHashedEventsPerSecond };
}

/** The rows the store wrote for these batches (one stream per batch): same texts, sizes and hash chain. */
function batchedRows(batches: NewEvent[][]): StoredRow[][] {
  const recordedAt = new Date().toISOString();
  let position = 0;
  let hash = GENESIS_HASH;
  return batches.map((events, b) =>
    events.map((event, i) => {
      const row: StoredRow = {
        position: ++position,
        id: event.id,
        stream: `import-${b}`,
        streamVersion: i + 1,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: canonicalJson(event.data),
        metadata: canonicalJson(event.metadata),
        recordedAt,
        hash: '',
      };
      row.hash = hash = rowHash(hash, row);
      return row;
    }),
  );
}

/** Rows per INSERT statement in the batched floor, as the store writes them (src/store/sqlite.ts). */
const RAW_CHUNK = 100;

/**
 * Bare better-sqlite3: each batch's rows in one BEGIN IMMEDIATE … COMMIT, RAW_CHUNK rows per INSERT,
 * WAL, synchronous=FULL; the texts and hashes computed beforehand, or with `hashing` each row's
 * hash computed again from the previous one as the store does.
 */
export function measureRawBatches(path: string, batches: StoredRow[][], hashing: boolean): number {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(MIGRATIONS[0]!.sql);
    const insert = db.prepare(`INSERT INTO events VALUES ${Array<string>(RAW_CHUNK).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
    const insertOne = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let previousHash = GENESIS_HASH;
    const push = (values: unknown[], row: StoredRow) => {
      const hash = hashing ? (previousHash = rowHash(previousHash, row)) : row.hash;
      values.push(row.position, row.id, row.stream, row.streamVersion, row.type, row.schemaVersion, row.data, row.metadata, row.recordedAt, hash);
    };
    const commit = db.transaction((rows: StoredRow[]) => {
      let i = 0;
      for (; i + RAW_CHUNK <= rows.length; i += RAW_CHUNK) {
        const values: unknown[] = [];
        for (let j = i; j < i + RAW_CHUNK; j++) push(values, rows[j]!);
        insert.run(values);
      }
      for (; i < rows.length; i++) {
        const values: unknown[] = [];
        push(values, rows[i]!);
        insertOne.run(values);
      }
    }).immediate;
    const started = performance.now();
    for (const rows of batches) commit(rows);
    const elapsed = performance.now() - started;
    if (hashing && previousHash !== batches.at(-1)?.at(-1)?.hash) throw new Error('the floor did not hash the rows as the store did');
    return perSecond(batches.reduce((sum, rows) => sum + rows.length, 0), elapsed);
  } finally {
    db.close();
  }
}

/** Bare better-sqlite3: one INSERT per BEGIN IMMEDIATE … COMMIT, WAL, synchronous=FULL. */
export function measureRawCommits(path: string, count: number): number {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(MIGRATIONS[0]!.sql);
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const sample = contributionEvent(0);
    const data = JSON.stringify(sample.data);
    const metadata = JSON.stringify(sample.metadata);
    const commit = db.transaction((n: number) =>
      insert.run(n, eventId(9, n), `contribution-${n}`, 1, sample.type, 1, data, metadata, new Date().toISOString(), '0'.repeat(64)),
    ).immediate;
    const started = performance.now();
    for (let n = 1; n <= count; n++) commit(n);
    return perSecond(count, performance.now() - started);
  } finally {
    db.close();
  }
}
