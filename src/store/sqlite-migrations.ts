// The SQLite file's schema, as numbered migrations. PRAGMA user_version holds the number of the
// last one applied (it lives in the file header, so reading it costs nothing) and the
// schema_migrations table says when each was applied. Migrations only ever add: events already
// stored are never rewritten (schemas of event data evolve by upcasting, see domain/upcast.ts).
import type Database from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE events (
        position INTEGER PRIMARY KEY,
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
      ) STRICT;
      -- Events are immutable: stop accidental edits. A deliberate editor can drop these triggers;
      -- the hash chain is what makes such an edit visible (verify names the position).
      CREATE TRIGGER events_are_immutable_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
      CREATE TRIGGER events_are_immutable_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
    `,
  },
  {
    version: 2,
    name: 'recorded_at index',
    // An as-of date (positionAt) seeks the last event recorded at or before an instant: down this
    // index, a few pages whatever the date, where a walk down the primary key from the head read
    // every event recorded since (an auditor's date two years back: the whole log). position is in
    // the key so that events recorded at the same instant come out last-written first.
    sql: `CREATE INDEX events_recorded_at ON events (recorded_at, position);`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Bring the file to SCHEMA_VERSION. Safe when several processes open the same file at once. */
export function migrate(db: Database.Database, now: () => Date): void {
  const readVersion = () => db.pragma('user_version', { simple: true }) as number;
  const refuseNewer = (version: number) => {
    if (version > SCHEMA_VERSION) {
      throw new Error(`this event store file has schema version ${version}, newer than this program understands (${SCHEMA_VERSION}); upgrade Socle`);
    }
  };
  refuseNewer(readVersion());
  if (readVersion() === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Read again under the write lock: another process may have migrated meanwhile.
    const current = readVersion();
    refuseNewer(current);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
