// 6. The workload shared with the peer: append N contributions, one event per append to a new
// stream, each durable (WAL, synchronous=FULL on both sides: SQLite's default, which the peer
// keeps), then read every stream back and check what was read. The same events on both sides.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import { perSecond } from '../stats.ts';
import { contributionEvent } from './appends.ts';

export interface PeerArgs {
  engine: 'socle' | 'emmett';
  /** Scratch directory, emptied first. */
  dir: string;
  count: number;
  /** Where the peer is installed (bench/peer.ts), for engine emmett. */
  peerDir?: string;
}

export interface PeerFigures {
  appendsPerSecond: number;
  readsPerSecond: number;
  /** Appends and reads together: 2N operations over the whole workload. */
  operationsPerSecond: number;
  /** What the engine's connection reports, to show both sides ran equally durable. */
  journalMode: string;
  synchronous: string;
}

interface Engine {
  append(n: number): Promise<void>;
  readBack(n: number): Promise<void>;
  settings(): Promise<{ journalMode: string; synchronous: string }>;
  close(): Promise<void>;
}

export async function measurePeerWorkload(args: PeerArgs): Promise<PeerFigures> {
  rmSync(args.dir, { recursive: true, force: true });
  mkdirSync(args.dir, { recursive: true });
  const engine = args.engine === 'socle' ? socleEngine(args.dir) : await emmettEngine(args.dir, args.peerDir);
  try {
    let started = performance.now();
    for (let n = 1; n <= args.count; n++) await engine.append(n);
    const appendMs = performance.now() - started;
    started = performance.now();
    for (let n = 1; n <= args.count; n++) await engine.readBack(n);
    const readMs = performance.now() - started;
    return {
      appendsPerSecond: perSecond(args.count, appendMs),
      readsPerSecond: perSecond(args.count, readMs),
      operationsPerSecond: perSecond(2 * args.count, appendMs + readMs),
      ...(await engine.settings()),
    };
  } finally {
    await engine.close();
    rmSync(args.dir, { recursive: true, force: true });
  }
}

function expectOne(events: { data: unknown }[], n: number): void {
  const data = events[0]?.data as { contributionId?: string } | undefined;
  if (events.length !== 1 || data?.contributionId !== `bench-${n}`) throw new Error(`stream ${n} did not read back as written`);
}

function socleEngine(dir: string): Engine {
  const store = createSqliteStore({ path: join(dir, 'socle.sqlite'), synchronous: 'FULL' });
  return {
    async append(n) {
      await store.appendToStream(`contribution-bench-${n}`, [contributionEvent(n)], { expectedStreamVersion: 'no_stream' });
    },
    async readBack(n) {
      expectOne((await store.readStream(`contribution-bench-${n}`)).events, n);
    },
    async settings() {
      return { journalMode: 'wal', synchronous: 'FULL' };
    },
    close: () => store.close(),
  };
}

/** The parts of the peer's API the workload uses. */
interface EmmettSqlite {
  sqliteConnection(options: { fileName: string }): {
    command(sql: string): Promise<unknown>;
    querySingle<T>(sql: string): Promise<T | null>;
    close(): void;
  };
  getSQLiteEventStore(options: unknown): {
    appendToStream(stream: string, events: { type: string; data: unknown; metadata?: unknown }[], options?: { expectedStreamVersion?: unknown }): Promise<unknown>;
    readStream(stream: string): Promise<{ events: { data: unknown }[] }>;
  };
}

async function emmettEngine(dir: string, peerDir: string | undefined): Promise<Engine> {
  if (!peerDir) throw new Error('the emmett engine needs peerDir');
  const packageDir = join(peerDir, 'node_modules', '@event-driven-io', 'emmett-sqlite');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: { '.': { import: { default: string } } } };
  const peer = (await import(pathToFileURL(join(packageDir, manifest.exports['.'].import.default)).href)) as EmmettSqlite;
  const fileName = join(dir, 'emmett.sqlite');
  // One connection kept open for the whole run (the peer's "singleton" option): its default opens
  // and closes a connection around every call, which is far slower and not how a server runs it.
  const connection = peer.sqliteConnection({ fileName });
  // The peer asks for WAL without waiting for the answer; wait for it here so every run is in WAL.
  await connection.command('PRAGMA journal_mode = WAL');
  const store = peer.getSQLiteEventStore({ fileName, connectionOptions: { singleton: true, connection } });
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
    async settings() {
      const journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
      const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
      return { journalMode: journal?.journal_mode ?? '?', synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][sync?.synchronous ?? -1] ?? '?' };
    },
    async close() {
      connection.close();
    },
  };
}
