// The token store on PostgreSQL (src/auth/postgres-token-store.ts) against the real server on
// DATABASE_URL, each test in a schema of its own: issue, verify, revoke, only sha256 kept at rest,
// two stores (two app servers) on one table seeing each other's changes at the next request, and
// bad options refused with nothing written. Tokens have no expiry (none in token-store.ts either):
// a token lives until revoked.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PostgresTokenStore } from '../../src/auth/postgres-token-store.ts';
import { TokenError } from '../../src/auth/token-store.ts';
import { DATABASE_URL, dropSchema, randomSchema, requirePostgres } from '../store/postgres-helpers.ts';

await requirePostgres();

interface Context {
  schema: string;
  now: { value: Date };
  store: PostgresTokenStore;
}

const test = suite<Context>('postgres token store', {} as Context);

const open = (context: Context) =>
  PostgresTokenStore.open({ connectionString: DATABASE_URL, schema: context.schema, clock: () => new Date(context.now.value) });

test.before.each(async (context) => {
  context.schema = randomSchema();
  context.now = { value: new Date('2025-01-15T10:00:00.000Z') };
  context.store = await open(context);
});

test.after.each(async (context) => {
  await context.store.close();
  await dropSchema(context.schema);
});

async function rows(schema: string, sql = 'SELECT * FROM "%s".tokens ORDER BY created_at, id'): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql.replace('%s', schema))).rows;
  } finally {
    await client.end();
  }
}

test('issued: 32 random bytes behind socle_, the record as asked, listed', async ({ store }) => {
  const a = await store.create({ role: 'auditor', name: 'Commissaire aux comptes' });
  const b = await store.create({ role: 'partner', partnerId: 'ccas' });
  assert.match(a.token, /^socle_[A-Za-z0-9_-]{43}$/);
  assert.match(a.record.id, /^tok_[0-9a-f]{12}$/);
  assert.is.not(a.token, b.token);
  assert.equal(a.record, { id: a.record.id, role: 'auditor', name: 'Commissaire aux comptes', createdAt: '2025-01-15T10:00:00.000Z' });
  assert.equal(b.record, { id: b.record.id, role: 'partner', partnerId: 'ccas', name: 'partner ccas', createdAt: '2025-01-15T10:00:00.000Z' });
  const listed = await store.list();
  assert.equal(new Set(listed.map((r) => r.id)), new Set([a.record.id, b.record.id]));
});

test('hashed at rest: the hash column is sha256 of the token, and no column holds any part of it', async ({ schema, store }) => {
  const { token, record } = await store.create({ role: 'coordinator', name: 'coordination' });
  const stored = await rows(schema);
  assert.is(stored.length, 1);
  const row = stored[0]!;
  const sha = createHash('sha256').update(token, 'utf8').digest();
  assert.equal(row.hash, sha);
  assert.is(row.lookup, sha.subarray(0, 8).toString('hex'));
  assert.equal([row.id, row.role, row.partner_id, row.name, row.created_at, row.revoked_at], [record.id, 'coordinator', null, 'coordination', '2025-01-15T10:00:00.000Z', null]);
  // The whole row as PostgreSQL prints it: neither the token nor a 12-character piece of its secret.
  const [asText] = await rows(schema, 'SELECT t::text AS row FROM "%s".tokens t');
  const secret = token.slice('socle_'.length);
  for (let i = 0; i + 12 <= secret.length; i += 4) assert.not.ok(String(asText!.row).includes(secret.slice(i, i + 12)), `piece at ${i}`);
  assert.not.ok(String(asText!.row).includes(Buffer.from(secret, 'base64url').toString('hex').slice(0, 24)), 'nor its bytes in hex');
});

test('verified: the exact token only', async ({ store }) => {
  const { token, record } = await store.create({ role: 'partner', partnerId: 'bug' });
  assert.equal(await store.authenticate(token), record);
  for (const wrong of [token.slice(0, -1), token + 'x', token.toUpperCase(), token.replace('socle_', 'SOCLE_'), token.slice(6), '', 'socle_', `socle_${'x'.repeat(5000)}`, ` ${token}`]) {
    assert.is(await store.authenticate(wrong), undefined, wrong.slice(0, 20));
  }
});

test('a row sharing the lookup but not the hash is never taken for the token', async ({ schema, store }) => {
  const { token, record } = await store.create({ role: 'auditor' });
  const lookup = createHash('sha256').update(token).digest().subarray(0, 8).toString('hex');
  // A forged row: the same 8-byte index, another hash, another role.
  const forged = Buffer.concat([createHash('sha256').update(token).digest().subarray(0, 8), Buffer.alloc(24, 7)]);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`INSERT INTO "${schema}".tokens (id, lookup, hash, role, name, created_at) VALUES ('tok_forged', $1, $2, 'coordinator', 'forged', '2025-01-01T00:00:00.000Z')`, [lookup, forged]);
  } finally {
    await client.end();
  }
  assert.equal(await store.authenticate(token), record);
});

test('revoked: it stops at once; revoking again or an unknown id answers false', async ({ store, now }) => {
  const { token, record } = await store.create({ role: 'coordinator' });
  const kept = await store.create({ role: 'treasurer' });
  now.value = new Date('2025-02-01T08:30:00.000Z');
  assert.is(await store.revoke(record.id), true);
  assert.is(await store.authenticate(token), undefined);
  assert.equal(await store.authenticate(kept.token), kept.record);
  assert.is(await store.revoke(record.id), false);
  assert.is(await store.revoke('tok_000000000000'), false);
  const listed = await store.list();
  assert.equal(listed.find((r) => r.id === record.id), { ...record, revokedAt: '2025-02-01T08:30:00.000Z' });
  assert.is(listed.find((r) => r.id === kept.record.id)!.revokedAt, undefined);
});

test('two stores on one table (two app servers): issued on one, honoured by the other; revoked there, refused here at the next request', async (context) => {
  const other = await open(context);
  try {
    const { token, record } = await context.store.create({ role: 'auditor' });
    assert.equal(await other.authenticate(token), record);
    // Authenticated once here before the revocation: no cache may keep it alive.
    assert.equal(await context.store.authenticate(token), record);
    assert.is(await other.revoke(record.id), true);
    assert.is(await context.store.authenticate(token), undefined);
  } finally {
    await other.close();
  }
});

test('several stores opening a new schema at once all find the table (its creation takes a lock)', async (context) => {
  await context.store.close();
  context.schema = randomSchema();
  const stores = await Promise.all([1, 2, 3, 4].map(() => open(context)));
  try {
    const { token } = await stores[0]!.create({ role: 'auditor' });
    for (const store of stores) assert.is((await store.authenticate(token))?.role, 'auditor');
  } finally {
    await Promise.all(stores.slice(1).map((store) => store.close()));
    context.store = stores[0]!;
  }
});

test('bad options: a TokenError in words a person reads, and nothing written', async ({ schema, store }) => {
  const attempts = [
    { role: 'root' },
    { role: 'partner' },
    { role: 'partner', partnerId: 'pas un id' },
    { role: 'auditor', partnerId: 'ccas' },
    { role: 'auditor', name: '   ' },
    { role: 'auditor', name: 'x'.repeat(201) },
    { role: 'auditor', name: 'deux\nlignes' },
  ];
  for (const options of attempts) {
    try {
      await store.create(options);
      assert.unreachable(JSON.stringify(options));
    } catch (error) {
      assert.instance(error, TokenError, JSON.stringify(options));
    }
  }
  assert.equal(await rows(schema), []);
});

test('the database itself refuses a role outside the list', async ({ schema }) => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`INSERT INTO "${schema}".tokens (id, lookup, hash, role, name, created_at) VALUES ('tok_x', 'ab', '\\x00', 'root', 'x', 'now')`);
    assert.unreachable('role root accepted');
  } catch (error) {
    assert.match(String(error), /check constraint/);
  } finally {
    await client.end();
  }
});

test.run();
