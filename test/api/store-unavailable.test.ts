// A shared store that does not answer for now (PostgreSQL: lock timeout, restart, lost connection)
// is told apart from a bug: 503 with Retry-After and a French detail, never a bare 500.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapError } from '../../src/api/problem.ts';

test('a shared store that does not answer (lock timeout, lost connection) is a 503 with Retry-After, not a 500', () => {
  for (const code of ['55P03', '57P01', '08006', 'ECONNREFUSED']) {
    const mapped = mapError(Object.assign(new Error('canceling statement due to lock timeout'), { code }));
    assert.is(mapped.status, 503, code);
    assert.equal(mapped.headers, { 'Retry-After': '1' });
    assert.match(mapped.detail, 'rien n’a été écrit');
  }
  // Any other database error stays a 500: a bug, logged with its stack.
  assert.is(mapError(Object.assign(new Error('syntax error'), { code: '42601' })).status, 500);
});

test.run();
