// Picks the event store for a data directory: the embedded SQLite file by default (zero set-up),
// PostgreSQL when SOCLE_STORE=postgres (DATABASE_URL, or the PG* variables node-postgres reads;
// SOCLE_PG_SCHEMA names the schema, default public), or EventStoreDB when SOCLE_STORE=eventstoredb. The EventStoreDB adapter is imported only when
// asked for, so SQLite users never load its gRPC client, and a build without it still runs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from './port.ts';
import { createSqliteStore } from './sqlite.ts';

export interface OpenStoreOptions {
  dataDir: string;
  clock?: () => Date;
}

/** The embedded store's file inside the data directory. */
export const SQLITE_FILE_NAME = 'socle.sqlite';

type EventStoreDbModule = {
  createEventStoreDbStore(options: { connectionString: string; clock?: () => Date }): EventStore | Promise<EventStore>;
};

export async function openStore(options: OpenStoreOptions): Promise<EventStore> {
  const kind = process.env.SOCLE_STORE ?? '';
  if (kind === '' || kind === 'sqlite') {
    mkdirSync(options.dataDir, { recursive: true });
    return createSqliteStore({ path: join(options.dataDir, SQLITE_FILE_NAME), clock: options.clock });
  }
  if (kind === 'postgres') return openPostgres(options.clock);
  if (kind === 'eventstoredb') return openEventStoreDb(options.clock);
  throw new Error(`unknown SOCLE_STORE "${kind}": use "sqlite" (the default), "postgres" or "eventstoredb"`);
}

/** The PostgreSQL log the environment names: DATABASE_URL (or PG*) and SOCLE_PG_SCHEMA. */
export function postgresTarget(): { connectionString?: string; schema: string } {
  const connectionString = process.env.DATABASE_URL || undefined;
  return { ...(connectionString !== undefined && { connectionString }), schema: process.env.SOCLE_PG_SCHEMA || 'public' };
}

/** postgresTarget, refused when the environment names no database at all (rather than trying node-postgres's defaults). */
export function requiredPostgresTarget(): { connectionString?: string; schema: string } {
  const target = postgresTarget();
  if (target.connectionString === undefined && !process.env.PGHOST && !process.env.PGDATABASE) {
    throw new Error('SOCLE_STORE=postgres needs DATABASE_URL (e.g. postgres://socle@127.0.0.1:5432/socle) or the PG* variables');
  }
  return target;
}

async function openPostgres(clock: (() => Date) | undefined): Promise<EventStore> {
  const target = requiredPostgresTarget();
  // Imported only when asked for, like EventStoreDB: SQLite users never load node-postgres.
  const { createPostgresStore } = await import('./postgres.ts');
  return createPostgresStore({ ...target, clock });
}

async function openEventStoreDb(clock: (() => Date) | undefined): Promise<EventStore> {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) {
    throw new Error('SOCLE_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)');
  }
  // A computed specifier keeps the type checker and bundlers from requiring the module.
  const url = new URL('./eventstoredb/index.ts', import.meta.url);
  let module: Partial<EventStoreDbModule>;
  try {
    module = (await import(url.href)) as Partial<EventStoreDbModule>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(url.pathname)) {
      throw new Error('SOCLE_STORE=eventstoredb, but this build has no EventStoreDB adapter (src/store/eventstoredb/index.ts)');
    }
    throw error;
  }
  if (typeof module.createEventStoreDbStore !== 'function') {
    throw new Error('src/store/eventstoredb/index.ts does not export createEventStoreDbStore');
  }
  return module.createEventStoreDbStore({ connectionString, clock });
}
