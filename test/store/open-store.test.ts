import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openStore } from '../../src/store/open-store.ts';
import { ledgerIdOf } from '../../src/app/witness-file.ts';
import { ev } from './contract.ts';
import { tempDir } from './sqlite-helpers.ts';

const saved = { store: process.env.SOCLE_STORE, connection: process.env.EVENTSTORE_CONNECTION_STRING };
test.after.each(() => {
  for (const [key, value] of [['SOCLE_STORE', saved.store], ['EVENTSTORE_CONNECTION_STRING', saved.connection]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

test('by default it opens socle.sqlite in the data directory, creating the directory', async () => {
  delete process.env.SOCLE_STORE;
  const { dir, remove } = tempDir();
  try {
    const dataDir = join(dir, 'data', 'nested');
    const store = await openStore({ dataDir, clock: () => new Date('2024-06-01T12:00:00.000Z') });
    assert.is(store.kind, 'sqlite');
    await store.appendToStream('s', [ev('a')]);
    await store.close();
    assert.ok(existsSync(join(dataDir, 'socle.sqlite')));
    process.env.SOCLE_STORE = 'sqlite';
    const again = await openStore({ dataDir });
    const read = await again.readStream('s');
    assert.equal(read.events.map((e) => [e.id, e.recordedAt]), [['a', '2024-06-01T12:00:00.000Z']]);
    await again.close();
  } finally {
    remove();
  }
});

test('an unknown SOCLE_STORE is a clear error', async () => {
  process.env.SOCLE_STORE = 'mysql';
  try {
    await openStore({ dataDir: '/nonexistent' });
    assert.unreachable('opened an unknown store');
  } catch (error) {
    assert.match(String(error), /unknown SOCLE_STORE "mysql": use "sqlite" \(the default\), "postgres" or "eventstoredb"/);
  }
});

test('postgres without DATABASE_URL nor PG* variables is a clear error', async () => {
  process.env.SOCLE_STORE = 'postgres';
  const saved = { url: process.env.DATABASE_URL, host: process.env.PGHOST, db: process.env.PGDATABASE };
  delete process.env.DATABASE_URL;
  delete process.env.PGHOST;
  delete process.env.PGDATABASE;
  try {
    await openStore({ dataDir: '/nonexistent' });
    assert.unreachable('opened postgres without an address');
  } catch (error) {
    assert.match(String(error), /SOCLE_STORE=postgres needs DATABASE_URL/);
  } finally {
    for (const [key, value] of [['DATABASE_URL', saved.url], ['PGHOST', saved.host], ['PGDATABASE', saved.db]] as const) if (value !== undefined) process.env[key] = value;
  }
});

test('on postgres the witness file names the ledger by address and schema, never with the password', () => {
  const saved = { url: process.env.DATABASE_URL, schema: process.env.SOCLE_PG_SCHEMA };
  process.env.SOCLE_STORE = 'postgres';
  process.env.DATABASE_URL = 'postgres://socle:s3cr%40t@db.example.fr:5432/socle';
  process.env.SOCLE_PG_SCHEMA = 'reseau_35';
  try {
    assert.is(ledgerIdOf('/ignored'), 'postgres:postgres://socle@db.example.fr:5432/socle#reseau_35');
  } finally {
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    if (saved.schema === undefined) delete process.env.SOCLE_PG_SCHEMA;
    else process.env.SOCLE_PG_SCHEMA = saved.schema;
  }
});

test('eventstoredb without a connection string is a clear error', async () => {
  process.env.SOCLE_STORE = 'eventstoredb';
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  try {
    await openStore({ dataDir: '/nonexistent' });
    assert.unreachable('opened eventstoredb without a connection string');
  } catch (error) {
    assert.match(String(error), /EVENTSTORE_CONNECTION_STRING/);
  }
});

test.run();
