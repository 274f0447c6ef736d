// A smoke run of the benchmark's section 8 (bench/service.ts) on a tiny stream: every figure comes
// out a positive number, so that `npm run bench -- --only 8` cannot rot unnoticed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceBench } from '../../bench/service.ts';

test('section 8 measures six positive figures per size', async () => {
  const { rows } = await serviceBench([12], () => {});
  assert.is(rows.length, 6);
  for (const row of rows) assert.ok(Number.isFinite(row.value.median) && row.value.median > 0, `${row.figure}: ${row.value.median}`);
});

test.run();
