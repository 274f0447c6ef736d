// The token store: random tokens, only hashes kept, exact matches only, revocation, and a second
// connection (another process, such as `socle token create` beside a running server) sees changes at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TokenError, TokenStore } from '../../src/auth/token-store.ts';

const tokens = suite<{ dir: string; store: TokenStore }>('token store');

tokens.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'socle-tokens-'));
  ctx.store = TokenStore.open({ dataDir: ctx.dir, clock: () => new Date('2025-01-15T10:00:00Z') });
});
tokens.after.each((ctx) => {
  ctx.store.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

tokens('a token is 32 random bytes behind socle_, and only its sha256 is stored', ({ dir, store }) => {
  const a = store.create({ role: 'auditor', name: 'Commissaire aux comptes' });
  const b = store.create({ role: 'auditor' });
  assert.match(a.token, /^socle_[A-Za-z0-9_-]{43}$/);
  assert.is.not(a.token, b.token);
  assert.equal(a.record, { id: a.record.id, role: 'auditor', name: 'Commissaire aux comptes', createdAt: '2025-01-15T10:00:00.000Z' });
  const db = new Database(join(dir, 'tokens.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM tokens').all() as Record<string, unknown>[];
    assert.is(rows.length, 2);
    const stored = rows.find((r) => r.id === a.record.id)!;
    assert.equal(stored.hash, createHash('sha256').update(a.token).digest());
    for (const value of Object.values(stored)) assert.not.ok(String(value).includes(a.token.slice(6, 20)), 'no part of the token is stored');
  } finally {
    db.close();
  }
});

tokens('authenticate accepts the exact token only', ({ store }) => {
  const { token, record } = store.create({ role: 'partner', partnerId: 'ccas' });
  assert.equal(store.authenticate(token), record);
  assert.is(record.name, 'partner ccas');
  for (const wrong of [
    token.slice(0, -1),
    token + 'x',
    token.toUpperCase(),
    token.replace('socle_', 'SOCLE_'),
    token.slice(6),
    '',
    'socle_',
    `socle_${'x'.repeat(5000)}`,
    ` ${token}`,
  ])
    assert.is(store.authenticate(wrong), undefined, wrong.slice(0, 20));
});

tokens('revoked tokens stop working; revoking twice or an unknown id says so', ({ store }) => {
  const { token, record } = store.create({ role: 'coordinator' });
  assert.ok(store.revoke(record.id));
  assert.is(store.authenticate(token), undefined);
  assert.not.ok(store.revoke(record.id));
  assert.not.ok(store.revoke('tok_nope'));
  assert.is(store.list()[0]!.revokedAt, '2025-01-15T10:00:00.000Z');
});

const isTokenError = (error: unknown) => error instanceof TokenError;

tokens('roles and partner ids are checked when the token is made', ({ store }) => {
  assert.throws(() => store.create({ role: 'admin' }), isTokenError);
  assert.throws(() => store.create({ role: 'partner' }), isTokenError);
  assert.throws(() => store.create({ role: 'partner', partnerId: '../x' }), isTokenError);
  assert.throws(() => store.create({ role: 'treasurer', partnerId: 'ccas' }), isTokenError);
  assert.throws(() => store.create({ role: 'auditor', name: '' }), isTokenError);
  assert.throws(() => store.create({ role: 'auditor', name: 'a\nb' }), isTokenError);
  assert.throws(() => store.create({ role: 'auditor', name: 'n'.repeat(201) }), isTokenError);
  assert.throws(() => store.create({ role: 'auditor', name: 'a\ud800' }), isTokenError);
  assert.is(store.list().length, 0);
});

tokens('another connection to the same file sees new and revoked tokens at once', ({ dir, store }) => {
  const other = TokenStore.open({ dataDir: dir });
  try {
    const { token, record } = other.create({ role: 'treasurer' });
    assert.is(store.authenticate(token)?.id, record.id);
    other.revoke(record.id);
    assert.is(store.authenticate(token), undefined);
  } finally {
    other.close();
  }
});

tokens('a token in use (its row kept between requests) stops at once when revoked, however it is revoked', ({ dir, store }) => {
  const mine = store.create({ role: 'coordinator' });
  const theirs = store.create({ role: 'auditor' });
  const raw = store.create({ role: 'treasurer' });
  const use = (...live: (typeof mine)[]) => {
    for (let i = 0; i < 3; i++) for (const t of live) assert.is(store.authenticate(t.token)?.id, t.record.id);
  };
  use(mine, theirs, raw);
  // Through another connection, as `socle token revoke` does beside a running server.
  const other = TokenStore.open({ dataDir: dir });
  try {
    assert.ok(other.revoke(theirs.record.id));
  } finally {
    other.close();
  }
  assert.is(store.authenticate(theirs.token), undefined);
  use(mine, raw);
  // Through this store.
  assert.ok(store.revoke(mine.record.id));
  assert.is(store.authenticate(mine.token), undefined);
  use(raw);
  // By hand, in the file itself.
  const db = new Database(join(dir, 'tokens.sqlite'));
  try {
    db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run('2025-01-15T11:00:00.000Z', raw.record.id);
  } finally {
    db.close();
  }
  assert.is(store.authenticate(raw.token), undefined);
  // And one created after the others is known at once.
  const later = store.create({ role: 'auditor' });
  assert.is(store.authenticate(later.token)?.id, later.record.id);
});

tokens.run();
