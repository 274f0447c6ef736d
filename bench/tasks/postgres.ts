// 9. PostgreSQL: the peer workload of section 6 (N contributions, one durable append each to a new
// stream, then every stream read back) on Socle's PostgreSQL store, on Emmett's PostgreSQL store
// (@event-driven-io/emmett-postgresql, installed by bench/peer.ts outside the project) and on
// Socle's SQLite store, in one run; then Socle's PostgreSQL appends with CONCURRENT_APPENDERS in
// flight, which says whether appends are bound by one transaction at a time (the log's lock) or by
// the server. Each engine gets a database of its own, created and dropped here, on the server of
// DATABASE_URL (default: the local test server), with PostgreSQL's durable default
// (synchronous_commit=on: COMMIT returns once the WAL is flushed).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPostgresStore } from '../../src/store/postgres.ts';
import type { EventStore } from '../../src/store/port.ts';
import { perSecond } from '../stats.ts';
import { CONCURRENT_APPENDERS, contributionEvent } from './appends.ts';
import { measurePeerWorkload, type PeerFigures } from './peer.ts';

export const BENCH_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresArgs {
  engine: 'socle-postgres' | 'emmett-postgres' | 'socle-sqlite';
  count: number;
  /** Scratch directory for the SQLite engine. */
  dir: string;
  /** Where the Emmett PostgreSQL peer is installed (bench/peer.ts). */
  peerDir?: string;
}

export interface PostgresFigures {
  appendsPerSecond: number;
  readsPerSecond: number;
  operationsPerSecond: number;
  /** Socle's PostgreSQL store only: the same appends with CONCURRENT_APPENDERS in flight. */
  concurrentAppendsPerSecond?: number;
  synchronousCommit: string;
}

export async function measurePostgres(args: PostgresArgs): Promise<PostgresFigures> {
  if (args.engine === 'socle-sqlite') {
    const f: PeerFigures = await measurePeerWorkload({ engine: 'socle', dir: args.dir, count: args.count });
    return { appendsPerSecond: f.appendsPerSecond, readsPerSecond: f.readsPerSecond, operationsPerSecond: f.operationsPerSecond, synchronousCommit: `sqlite synchronous=${f.synchronous}` };
  }
  const database = await benchDatabase();
  try {
    const synchronousCommit = await database.setting('synchronous_commit');
    if (args.engine === 'emmett-postgres') return { ...(await workload(await emmettEngine(database.url, args.peerDir), args.count)), synchronousCommit };
    const store = await createPostgresStore({ connectionString: database.url });
    try {
      const figures = await workload(socleEngine(store), args.count);
      return { ...figures, concurrentAppendsPerSecond: await concurrentAppends(store, args.count), synchronousCommit };
    } finally {
      await store.close();
    }
  } finally {
    await database.drop();
  }
}

interface Engine {
  append(n: number): Promise<void>;
  readBack(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Section 6's workload: a warm-up append (schema creation, first connections), then N appends, then N reads. */
async function workload(engine: Engine, count: number): Promise<Omit<PostgresFigures, 'synchronousCommit'>> {
  try {
    await engine.append(0);
    let started = performance.now();
    for (let n = 1; n <= count; n++) await engine.append(n);
    const appendMs = performance.now() - started;
    started = performance.now();
    for (let n = 1; n <= count; n++) await engine.readBack(n);
    const readMs = performance.now() - started;
    return { appendsPerSecond: perSecond(count, appendMs), readsPerSecond: perSecond(count, readMs), operationsPerSecond: perSecond(2 * count, appendMs + readMs) };
  } finally {
    await engine.close();
  }
}

/** `count` more appends, each to a new stream, CONCURRENT_APPENDERS of them in flight at any time. */
async function concurrentAppends(store: EventStore, count: number): Promise<number> {
  let next = count + 1;
  const last = 2 * count;
  const appender = async () => {
    for (let n = next++; n <= last; n = next++) {
      await store.appendToStream(`contribution-bench-${n}`, [contributionEvent(n)], { expectedStreamVersion: 'no_stream' });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT_APPENDERS }, appender));
  return perSecond(count, performance.now() - started);
}

function expectOne(events: { data: unknown }[], n: number): void {
  const data = events[0]?.data as { contributionId?: string } | undefined;
  if (events.length !== 1 || data?.contributionId !== `bench-${n}`) throw new Error(`stream ${n} did not read back as written`);
}

function socleEngine(store: EventStore): Engine {
  return {
    async append(n) {
      await store.appendToStream(`contribution-bench-${n}`, [contributionEvent(n)], { expectedStreamVersion: 'no_stream' });
    },
    async readBack(n) {
      expectOne((await store.readStream(`contribution-bench-${n}`)).events, n);
    },
    // The caller closes the store: the concurrent appends run on it afterwards.
    close: async () => {},
  };
}

/** The parts of the peer's API the workload uses. */
interface EmmettPostgres {
  getPostgreSQLEventStore(connectionString: string): {
    appendToStream(stream: string, events: { type: string; data: unknown; metadata?: unknown }[], options?: { expectedStreamVersion?: unknown }): Promise<unknown>;
    readStream(stream: string): Promise<{ events: { data: unknown }[] }>;
    close(): Promise<void>;
  };
}

async function emmettEngine(url: string, peerDir: string | undefined): Promise<Engine> {
  if (!peerDir) throw new Error('the emmett-postgres engine needs peerDir');
  const packageDir = join(peerDir, 'node_modules', '@event-driven-io', 'emmett-postgresql');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: { '.': { import: { default: string } } } };
  const peer = (await import(pathToFileURL(join(packageDir, manifest.exports['.'].import.default)).href)) as EmmettPostgres;
  // Its default: one pool for the store's life, the schema created on the first append (the warm-up).
  const store = peer.getPostgreSQLEventStore(url);
  return {
    async append(n) {
      const event = contributionEvent(n);
      await store.appendToStream(`contribution-bench-${n}`, [{ type: event.type, data: event.data, metadata: event.metadata }], {
        expectedStreamVersion: 'STREAM_DOES_NOT_EXIST',
      });
    },
    async readBack(n) {
      expectOne((await store.readStream(`contribution-bench-${n}`)).events, n);
    },
    close: () => store.close(),
  };
}

/** A database of the run's own (socle_bench_…) on the benchmark's server, dropped afterwards. */
async function benchDatabase() {
  const name = `socle_bench_${randomBytes(6).toString('hex')}`;
  const admin = async <T extends pg.QueryResultRow>(sql: string, url = BENCH_DATABASE_URL) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    setting: async (setting: string) => (await admin<{ value: string }>(`SELECT current_setting('${setting}') AS value`, url.href))[0]!.value,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}),
  };
}
