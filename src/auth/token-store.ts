// Bearer tokens for the HTTP API, kept apart from the ledger in `${dataDir}/tokens.sqlite`: tokens
// are credentials, not facts, so they can be revoked and never reach the hash-chained log.
// Only sha256 of each token is stored. A token is 32 random bytes (base64url) behind a `socle_`
// prefix, so hashing needs no salt or slow KDF: nobody can guess 256 bits, and a leaked file gives
// no usable token. A row is found by the first 8 bytes of the hash, then the full hash is compared
// with crypto.timingSafeEqual, so the time taken says nothing about how close a guess was.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as crypto from 'node:crypto';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import { ROLES, type Role } from '../domain/actor.ts';
import { IdSchema } from '../domain/schemas.ts';
import { forbiddenCharacter } from '../domain/schemas.ts';

export const TOKEN_PREFIX = 'socle_';
export const TOKENS_FILE_NAME = 'tokens.sqlite';
/** Longer than any token we issue; anything longer is refused before hashing. */
const MAX_PRESENTED_LENGTH = 256;
const MAX_NAME_LENGTH = 200;

export interface TokenRecord {
  /** Public id, for listing and revoking; not a secret. */
  id: string;
  role: Role;
  /** The partner a `partner` token acts for. */
  partnerId?: string;
  name: string;
  createdAt: string;
  revokedAt?: string;
}

/**
 * What the API needs: turn a presented bearer token into its record, or nothing. The file answers
 * at once; PostgreSQL (postgres-token-store.ts) after a query, so that a token issued or revoked on
 * one server counts on every other at the next request.
 */
export interface TokenVerifier {
  authenticate(presented: string): TokenRecord | undefined | Promise<TokenRecord | undefined>;
  /** True when authenticate answers with a promise (the fast path of src/api/fast-record.ts then steps aside). */
  readonly answersLater?: boolean;
}

/** What the command line and the server need of a token store, whichever it is (open-token-store.ts). */
export interface ManagedTokens extends TokenVerifier {
  create(options: NewTokenOptions): { token: string; record: TokenRecord } | Promise<{ token: string; record: TokenRecord }>;
  list(): TokenRecord[] | Promise<TokenRecord[]>;
  /** False when no active token has this id. */
  revoke(id: string): boolean | Promise<boolean>;
  close(): void | Promise<void>;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** A token's row, in every token store (tokens.sqlite, or the tokens table on PostgreSQL). */
export interface TokenRow {
  id: string;
  hash: Buffer;
  role: string;
  partner_id: string | null;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

/** Bounds the rows kept in memory (see TokenStore.authenticate): far more tokens than a network has. */
const MAX_CACHED_LOOKUPS = 10_000;

export class TokenStore implements ManagedTokens {
  private readonly byLookup: Database.Statement<[string], TokenRow>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly insert: Database.Statement<[string, string, Buffer, string, string | null, string, string]>;
  private readonly all: Database.Statement<[], TokenRow>;
  private readonly revokeRow: Database.Statement<[string, string]>;
  /** Rows found by lookup, valid while the file's data_version stays `cachedVersion`. */
  private readonly cached = new Map<string, TokenRow[]>();
  private cachedVersion: number | undefined;

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: () => Date,
  ) {
    this.byLookup = db.prepare('SELECT * FROM tokens WHERE lookup = ?');
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.insert = db.prepare('INSERT INTO tokens (id, lookup, hash, role, partner_id, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.all = db.prepare('SELECT * FROM tokens ORDER BY created_at, id');
    this.revokeRow = db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  }

  /** Opens (creating if needed) the token file of a data directory. */
  static open(options: { dataDir: string; clock?: () => Date }): TokenStore {
    mkdirSync(options.dataDir, { recursive: true });
    const path = join(options.dataDir, TOKENS_FILE_NAME);
    const db = new Database(path, { timeout: 5000 });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db);
      // Hashes only, but still nobody else's business.
      chmodSync(path, 0o600);
    } catch (error) {
      db.close();
      throw error;
    }
    return new TokenStore(db, options.clock ?? (() => new Date()));
  }

  /** Issues a new token; the returned `token` is shown once and never stored. */
  create(options: NewTokenOptions): { token: string; record: TokenRecord } {
    const { token, hash, record } = newToken(options, this.clock);
    this.insert.run(record.id, lookupOf(hash), hash, record.role, record.partnerId ?? null, record.name, record.createdAt);
    this.forget();
    return { token, record };
  }

  authenticate(presented: string): TokenRecord | undefined {
    const hash = presentedHash(presented);
    return hash === undefined ? undefined : activeRecord(this.rowsOf(lookupOf(hash)), hash);
  }

  /**
   * The rows of a lookup, as the indexed query gives them, kept between requests while nothing has
   * changed: tokens created or revoked while the server runs must take effect at once, by the
   * command line (another connection: SQLite's data_version moves with every commit it makes, and
   * is read on every call, a cheaper statement than the look-up) or through this object (create and
   * revoke forget the cache). A look-up that finds nothing is not kept, so unknown tokens cannot
   * fill the memory.
   */
  private rowsOf(lookup: string): TokenRow[] {
    const version = this.dataVersion.get()!;
    if (version !== this.cachedVersion) {
      this.cached.clear();
      this.cachedVersion = version;
    }
    let rows = this.cached.get(lookup);
    if (rows === undefined) {
      rows = this.byLookup.all(lookup);
      if (rows.length > 0 && this.cached.size < MAX_CACHED_LOOKUPS) this.cached.set(lookup, rows);
    }
    return rows;
  }

  private forget(): void {
    this.cached.clear();
    this.cachedVersion = undefined;
  }

  list(): TokenRecord[] {
    return this.all.all().map(toRecord);
  }

  /** Returns false when no active token has this id. */
  revoke(id: string): boolean {
    const revoked = this.revokeRow.run(this.clock().toISOString(), id).changes === 1;
    this.forget();
    return revoked;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export interface NewTokenOptions {
  role: string;
  partnerId?: string;
  name?: string;
}

/**
 * A new token and the record kept of it, once its role, partner and name are checked (the same
 * rules for every token store): TokenError when they are not.
 */
export function newToken(options: NewTokenOptions, clock: () => Date): { token: string; hash: Buffer; record: TokenRecord } {
  const role = options.role as Role;
  if (!ROLES.includes(role)) throw new TokenError(`unknown role "${options.role}" (one of ${ROLES.join(', ')})`);
  if (role === 'partner') {
    if (options.partnerId === undefined) throw new TokenError('a partner token needs --partner ID');
    if (!IdSchema.safeParse(options.partnerId).success) throw new TokenError(`"${options.partnerId}" is not a partner id`);
  } else if (options.partnerId !== undefined) {
    throw new TokenError(`only partner tokens name a partner, not ${role} tokens`);
  }
  const name = (options.name ?? (role === 'partner' ? `partner ${options.partnerId}` : role)).trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) throw new TokenError(`le nom doit compter de 1 à ${MAX_NAME_LENGTH} caractères`);
  // The rule of every name in the ledger (src/domain/schemas.ts), so a token's name prints on one line.
  const forbidden = forbiddenCharacter(name, 'line');
  if (forbidden !== undefined) throw new TokenError(`le nom ${forbidden}`);

  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: TokenRecord = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    role,
    ...(role === 'partner' && { partnerId: options.partnerId }),
    name,
    createdAt: clock().toISOString(),
  };
  return { token, hash: sha256(token), record };
}

/** The sha256 of a presented token, or undefined when it cannot be one of ours (checked before hashing). */
export function presentedHash(presented: string): Buffer | undefined {
  if (typeof presented !== 'string' || presented.length > MAX_PRESENTED_LENGTH || !presented.startsWith(TOKEN_PREFIX)) return undefined;
  return sha256(presented);
}

/** The record of the row whose full hash is `hash` (compared in constant time), unless it is revoked. */
export function activeRecord(rows: readonly TokenRow[], hash: Buffer): TokenRecord | undefined {
  let found: TokenRow | undefined;
  for (const row of rows) {
    if (row.hash.length === hash.length && timingSafeEqual(row.hash, hash)) found = row;
  }
  if (!found || found.revoked_at !== null) return undefined;
  return toRecord(found);
}

// One call per request (crypto.hash, Node.js 20.12 and later) rather than a Hash object with an
// update and a digest: about 2 µs instead of 4.
const sha256: (text: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'buffer')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest();

/** The indexed part of a hash: the first 8 bytes, in hex. */
export function lookupOf(hash: Buffer): string {
  return hash.subarray(0, 8).toString('hex');
}

export function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    role: row.role as Role,
    ...(row.partner_id !== null && { partnerId: row.partner_id }),
    name: row.name,
    createdAt: row.created_at,
    ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= 1) return;
  db.exec(`
    BEGIN IMMEDIATE;
    CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY,
      lookup TEXT NOT NULL,
      hash BLOB NOT NULL,
      role TEXT NOT NULL CHECK (role IN (${ROLES.map((r) => `'${r}'`).join(', ')})),
      partner_id TEXT,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT;
    CREATE INDEX IF NOT EXISTS tokens_lookup ON tokens (lookup);
    PRAGMA user_version = 1;
    COMMIT;
  `);
}
