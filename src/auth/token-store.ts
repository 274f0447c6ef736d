// Bearer tokens for the HTTP API, kept apart from the ledger in `${dataDir}/tokens.sqlite`: tokens
// are credentials, not facts, so they can be revoked and never reach the hash-chained log.
// Only sha256 of each token is stored. A token is 32 random bytes (base64url) behind a `socle_`
// prefix, so hashing needs no salt or slow KDF: nobody can guess 256 bits, and a leaked file gives
// no usable token. A row is found by the first 8 bytes of the hash, then the full hash is compared
// with crypto.timingSafeEqual, so the time taken says nothing about how close a guess was.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import { ROLES, type Role } from '../app/actor.ts';
import { IdSchema } from '../domain/schemas.ts';

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

/** What the API needs: turn a presented bearer token into its record, or nothing. */
export interface TokenVerifier {
  authenticate(presented: string): TokenRecord | undefined;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

interface Row {
  id: string;
  hash: Buffer;
  role: string;
  partner_id: string | null;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

export class TokenStore implements TokenVerifier {
  private readonly byLookup: Database.Statement<[string], Row>;
  private readonly insert: Database.Statement<[string, string, Buffer, string, string | null, string, string]>;
  private readonly all: Database.Statement<[], Row>;
  private readonly revokeRow: Database.Statement<[string, string]>;

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: () => Date,
  ) {
    this.byLookup = db.prepare('SELECT * FROM tokens WHERE lookup = ?');
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
  create(options: { role: string; partnerId?: string; name?: string }): { token: string; record: TokenRecord } {
    const role = options.role as Role;
    if (!ROLES.includes(role)) throw new TokenError(`unknown role "${options.role}" (one of ${ROLES.join(', ')})`);
    if (role === 'partner') {
      if (options.partnerId === undefined) throw new TokenError('a partner token needs --partner ID');
      if (!IdSchema.safeParse(options.partnerId).success) throw new TokenError(`"${options.partnerId}" is not a partner id`);
    } else if (options.partnerId !== undefined) {
      throw new TokenError(`only partner tokens name a partner, not ${role} tokens`);
    }
    const name = (options.name ?? (role === 'partner' ? `partner ${options.partnerId}` : role)).trim();
    if (name === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]|\p{Cs}/u.test(name))
      throw new TokenError(`the name must be 1 to ${MAX_NAME_LENGTH} printable characters`);

    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const hash = sha256(token);
    const record: TokenRecord = {
      id: `tok_${randomBytes(6).toString('hex')}`,
      role,
      ...(role === 'partner' && { partnerId: options.partnerId }),
      name,
      createdAt: this.clock().toISOString(),
    };
    this.insert.run(record.id, lookupOf(hash), hash, role, record.partnerId ?? null, name, record.createdAt);
    return { token, record };
  }

  authenticate(presented: string): TokenRecord | undefined {
    if (typeof presented !== 'string' || presented.length > MAX_PRESENTED_LENGTH || !presented.startsWith(TOKEN_PREFIX)) return undefined;
    const hash = sha256(presented);
    let found: Row | undefined;
    // Read on every request (a prepared, indexed query): tokens created or revoked by the command
    // line while the server runs take effect at once.
    for (const row of this.byLookup.all(lookupOf(hash))) {
      if (row.hash.length === hash.length && timingSafeEqual(row.hash, hash)) found = row;
    }
    if (!found || found.revoked_at !== null) return undefined;
    return toRecord(found);
  }

  list(): TokenRecord[] {
    return this.all.all().map(toRecord);
  }

  /** Returns false when no active token has this id. */
  revoke(id: string): boolean {
    return this.revokeRow.run(this.clock().toISOString(), id).changes === 1;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function lookupOf(hash: Buffer): string {
  return hash.subarray(0, 8).toString('hex');
}

function toRecord(row: Row): TokenRecord {
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
