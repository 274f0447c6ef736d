// A smoke run of bench section 7's parts on a tiny file, so that `npm run bench -- --only 7` cannot
// rot unnoticed: the files it writes are read back whole, every row imported.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { measureImport, writeImportFile } from '../../bench/tasks/import.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'socle-bench-import-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const format of ['csv', 'xlsx', 'ods'] as const)
  test(`a 120-row .${format}: written, then imported whole`, async () => {
    const { path } = await writeImportFile({ dir, rows: 120, format });
    const figures = await measureImport({ dataDir: join(dir, `data-${format}`), path });
    assert.equal([figures.rows, figures.imported], [120, 120]);
    assert.ok(figures.rowsPerSecond > 0);
  });

test.run();
