// The PostgreSQL server the postgres suites need, and temporary logs on it: each store in a schema
// of its own with a random name, dropped by cleanup, so suites running in parallel never collide.
// When no server answers, a suite says so in one line and exits 0, except in CI (CI=true) or with
// SOCLE_REQUIRE_TOOLS=1, where it fails. (A shared helper for the tools a suite needs is coming in
// test/support/tools.ts; this local check is to be folded into it.)
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.ts';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether a PostgreSQL server answers on DATABASE_URL; when not, prints the one line and fails where it is required. */
export async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    const required = process.env.CI === 'true' || process.env.SOCLE_REQUIRE_TOOLS === '1';
    console.log(
      `${required ? 'FAILED' : 'not run'}: PostgreSQL does not answer on ${DATABASE_URL} — start it with pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
    if (required) process.exit(1);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Exits the suite (0, or 1 where the server is required) when PostgreSQL does not answer. */
export async function requirePostgres(): Promise<void> {
  if (!(await postgresAnswers())) process.exit(0);
}

export function randomSchema(): string {
  return `socle_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function makeTempPostgresStore(options: Omit<PostgresStoreOptions, 'connectionString' | 'schema'> = {}) {
  const schema = randomSchema();
  const store = await createPostgresStore({ ...options, connectionString: DATABASE_URL, schema });
  return {
    store,
    schema,
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/** DATABASE_URL with another database name. */
export function urlOfDatabase(database: string, base = DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.href;
}

/**
 * A database of its own on the server (socle_pg2_…), for suites that run whole servers or break
 * connections: others' tests on the same server never see it. Dropped (WITH FORCE) by cleanup.
 */
export async function makeTempDatabase(base = DATABASE_URL): Promise<{ url: string; name: string; cleanup(): Promise<void> }> {
  const name = `socle_pg2_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  return { url: urlOfDatabase(name, base), name, cleanup: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
