// The PostgreSQL schema of the event store, as numbered migrations recorded in schema_migrations
// (one row per migration applied, with when). As with the SQLite file (sqlite-migrations.ts),
// migrations only ever add: stored events are never rewritten. Several app servers may start at
// once on one database: the migration runs under a transaction-level advisory lock, so one of them
// migrates and the others find the work done.
import type { PoolClient } from 'pg';

interface Migration {
  version: number;
  name: string;
  /** SQL with `$schema` standing for the quoted schema name. */
  sql: string;
}

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events',
    // data and metadata are TEXT, not jsonb: the hash covers the canonical JSON text exactly as
    // stored (row-hash.ts), and jsonb would reorder keys and respace it. Rows are the same as in
    // the SQLite file, so the same log has the same head hash in both.
    sql: `
      CREATE TABLE $schema.events (
        position BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        stream TEXT NOT NULL,
        stream_version INTEGER NOT NULL,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (stream, stream_version)
      );
      -- Events are immutable: stop accidental edits. A deliberate editor can drop these triggers;
      -- the hash chain is what makes such an edit visible (verify names the position).
      CREATE FUNCTION $schema.events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'events are immutable'; END $$;
      CREATE TRIGGER events_are_immutable_update BEFORE UPDATE OR DELETE ON $schema.events
        FOR EACH ROW EXECUTE FUNCTION $schema.events_are_immutable();
      CREATE TRIGGER events_are_immutable_truncate BEFORE TRUNCATE ON $schema.events
        FOR EACH STATEMENT EXECUTE FUNCTION $schema.events_are_immutable();
    `,
  },
  {
    version: 2,
    name: 'recorded_at index',
    // As in the SQLite file (sqlite-migrations.ts, version 2): positionAt seeks this index instead
    // of walking the primary key down from the head.
    sql: `CREATE INDEX events_recorded_at ON $schema.events (recorded_at, position);`,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** Advisory lock class of the migrations (the second key is the schema's hash). */
const MIGRATION_LOCK = 0x50c1e001;

/** Bring `schema` to PG_SCHEMA_VERSION, creating it if needed. */
export async function migratePostgres(client: PoolClient, schema: string, now: () => Date): Promise<void> {
  const quoted = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const { rows } = await client.query<{ version: number | null }>(`SELECT MAX(version) AS version FROM ${quoted}.schema_migrations`);
    const current = rows[0]?.version ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(`this PostgreSQL event store has schema version ${current}, newer than this program understands (${PG_SCHEMA_VERSION}); upgrade Socle`);
    }
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query(migration.sql.replaceAll('$schema', quoted));
      await client.query(`INSERT INTO ${quoted}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [
        migration.version,
        migration.name,
        now().toISOString(),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** A schema name as an SQL identifier; only plain names are accepted, so quoting is exact. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`PostgreSQL schema name "${name}" must be lower-case letters, digits and _`);
  return `"${name}"`;
}
