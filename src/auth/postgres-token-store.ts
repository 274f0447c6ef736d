// Bearer tokens in PostgreSQL, for several app servers on one ledger (SOCLE_STORE=postgres): the
// `tokens` table sits in the ledger's schema beside `events`, so a token issued or revoked through
// any server or any `socle token` command counts on every server at its next request. The rules
// are the file's (token-store.ts): only sha256 of a token is kept, a row is found by the first 8
// bytes of the hash and compared whole in constant time, revoking sets revoked_at (tokens are
// credentials, not facts: they are not in the hash-chained log).
//
// Every authentication is one indexed query: no cache, because a cache on one server cannot learn
// of a revocation made on another before its next query, and a revoked token must stop at once.
// The cost is a round trip per request (a fraction of a millisecond to a database nearby).
import pg from 'pg';
import { ROLES } from '../domain/actor.ts';
import { quoteIdent } from '../store/postgres-migrations.ts';
import { activeRecord, lookupOf, newToken, presentedHash, toRecord, type ManagedTokens, type NewTokenOptions, type TokenRecord, type TokenRow } from './token-store.ts';

export interface PostgresTokenStoreOptions {
  /** postgres://user@host:port/database; without it, node-postgres reads the PG* variables. */
  connectionString?: string;
  /** The ledger's schema (SOCLE_PG_SCHEMA), default public. */
  schema?: string;
  clock?: () => Date;
  /** Connections in the pool, default 2: one query per request, short. */
  maxConnections?: number;
}

/** Advisory lock class of the token table's creation (the second key is the schema's hash). */
const TOKENS_MIGRATION_LOCK = 0x50c1e003;

export class PostgresTokenStore implements ManagedTokens {
  readonly answersLater = true;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly clock: () => Date,
  ) {}

  /** Connects and creates the schema's token table if needed (several servers may start at once). */
  static async open(options: PostgresTokenStoreOptions = {}): Promise<PostgresTokenStore> {
    const schema = options.schema ?? 'public';
    const quoted = quoteIdent(schema);
    const pool = new pg.Pool({
      ...(options.connectionString !== undefined && { connectionString: options.connectionString }),
      max: options.maxConnections ?? 2,
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    try {
      await createTable(pool, schema, quoted);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresTokenStore(pool, `${quoted}.tokens`, options.clock ?? (() => new Date()));
  }

  async create(options: NewTokenOptions): Promise<{ token: string; record: TokenRecord }> {
    const { token, hash, record } = newToken(options, this.clock);
    await this.pool.query(`INSERT INTO ${this.table} (id, lookup, hash, role, partner_id, name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      record.id,
      lookupOf(hash),
      hash,
      record.role,
      record.partnerId ?? null,
      record.name,
      record.createdAt,
    ]);
    return { token, record };
  }

  async authenticate(presented: string): Promise<TokenRecord | undefined> {
    const hash = presentedHash(presented);
    if (hash === undefined) return undefined;
    const { rows } = await this.pool.query<TokenRow>(`SELECT * FROM ${this.table} WHERE lookup = $1`, [lookupOf(hash)]);
    return activeRecord(rows, hash);
  }

  async list(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(`SELECT * FROM ${this.table} ORDER BY created_at, id`);
    return rows.map(toRecord);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.pool.query(`UPDATE ${this.table} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, [this.clock().toISOString(), id]);
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** The table, as tokens.sqlite's (token-store.ts); bytea for the hash, text for the instants. */
async function createTable(pool: pg.Pool, schema: string, quoted: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TOKENS_MIGRATION_LOCK, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.tokens (
      id TEXT PRIMARY KEY,
      lookup TEXT NOT NULL,
      hash BYTEA NOT NULL,
      role TEXT NOT NULL CHECK (role IN (${ROLES.map((r) => `'${r}'`).join(', ')})),
      partner_id TEXT,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT)`);
    await client.query(`CREATE INDEX IF NOT EXISTS tokens_lookup ON ${quoted}.tokens (lookup)`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
