import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { uuidV7 } from '../../src/app/uuid-v7.ts';

test('a UUIDv7 has version 7, variant 10, and the time in its first 48 bits', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const id = uuidV7(now);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is(parseInt(id.replace(/-/g, '').slice(0, 12), 16), now);
});

test('ids of later milliseconds sort after earlier ones; ids are unique', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => uuidV7(1_700_000_000_000 + i));
  assert.equal([...ids].sort(), ids);
  assert.is(new Set(Array.from({ length: 1000 }, () => uuidV7(1))).size, 1000);
});

test.run();
