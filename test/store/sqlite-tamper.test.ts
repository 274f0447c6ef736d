// Tamper evidence: someone edits the SQLite file by hand (dropping the immutability triggers
// first, as a deliberate editor would); verify() names the first position that no longer matches.
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventStore } from '../../src/store/port.ts';
import { ev } from './contract.ts';
import { makeTempSqliteStore } from './sqlite-helpers.ts';

async function seedTen(store: EventStore) {
  for (let i = 1; i <= 10; i++) await store.appendToStream(`contribution-c${i % 3}`, [ev(`e${i}`, { amountEur: `${i}00.00` })]);
}

function tamper(path: string, sql: string, ...params: unknown[]) {
  const raw = new Database(path);
  try {
    raw.exec('DROP TRIGGER IF EXISTS events_are_immutable_update; DROP TRIGGER IF EXISTS events_are_immutable_delete;');
    const changes = raw.prepare(sql).run(...params).changes;
    assert.is(changes, 1, 'the tampering statement changed one row');
  } finally {
    raw.close();
  }
}

test('an event whose data was edited by hand is named by verify', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await seedTen(store);
    const clean = await store.verify();
    assert.is(clean.ok, true);
    tamper(path, 'UPDATE events SET data = ? WHERE position = 4', JSON.stringify({ amountEur: '40000.00' }));
    const result = await store.verify();
    assert.is(result.ok, false);
    assert.is(result.firstBadPosition, 4);
    assert.is(result.events, 10);
    assert.is(result.headHash, clean.headHash);
  } finally {
    await cleanup();
  }
});

test('an edited metadata, time or hash is named too', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await seedTen(store);
    tamper(path, "UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = 9");
    assert.is((await store.verify()).firstBadPosition, 9);
    tamper(path, `UPDATE events SET metadata = '{"actor":"someone-else","role":"coordinator"}' WHERE position = 7`);
    assert.is((await store.verify()).firstBadPosition, 7);
    tamper(path, "UPDATE events SET hash = ? WHERE position = 2", 'f'.repeat(64));
    assert.is((await store.verify()).firstBadPosition, 2);
  } finally {
    await cleanup();
  }
});

test('a deleted event is named by verify', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await seedTen(store);
    tamper(path, 'DELETE FROM events WHERE position = 6');
    const result = await store.verify();
    assert.is(result.ok, false);
    assert.is(result.firstBadPosition, 6);
    assert.is(result.events, 9);
  } finally {
    await cleanup();
  }
});

test('data that is no longer JSON is named, not a crash', async () => {
  const { store, path, cleanup } = await makeTempSqliteStore();
  try {
    await seedTen(store);
    tamper(path, "UPDATE events SET data = 'not json' WHERE position = 1");
    const result = await store.verify();
    assert.is(result.ok, false);
    assert.is(result.firstBadPosition, 1);
  } finally {
    await cleanup();
  }
});

test.run();
