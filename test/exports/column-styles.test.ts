// Shared column styles (src/exports/stream.ts): cells given their column's shared style object read back
// with the same formats, fonts and alignment as cells styled the way exceljs does by itself, dates in
// unformatted columns keep a date format, and the journal's data rows still show their columns' look.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ColumnStyles, streamingWorkbook } from '../../src/exports/stream.ts';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import { demoSocle, readWorkbook, sheetOf, tempDir } from './fixtures.ts';

const VALUES = [7, 'texte', 1234.5, 'a', new Date('2026-03-04T00:00:00.000Z')];

async function writeSample(path: string): Promise<void> {
  const workbook = streamingWorkbook(path, new Date('2026-01-15T10:00:00Z'));
  const sheet = workbook.addWorksheet('S');
  sheet.getColumn(1).alignment = { vertical: 'top', horizontal: 'center' };
  sheet.getColumn(2).font = { name: 'Courier New', size: 7 };
  sheet.getColumn(3).numFmt = '#,##0.00 "€"';
  sheet.getColumn(3).font = { name: 'Arial', size: 9 };
  sheet.getColumn(4).alignment = { vertical: 'top', wrapText: true };
  sheet.getColumn(5).numFmt = 'dd/mm/yyyy';
  for (let c = 1; c <= 6; c++) sheet.getColumn(c).width = 12;
  const styles = new ColumnStyles(sheet, 6);
  // Row 1 as exceljs styles it alone; rows 2 and 3 with the shared styles.
  sheet.addRow(VALUES).commit();
  for (let r = 0; r < 2; r++) {
    const row = sheet.addRow(VALUES);
    styles.apply(row);
    row.commit();
  }
  // Column 6 has no number format: a number first, then a date, then a number again.
  for (const value of [42, new Date('2026-05-06T00:00:00.000Z'), 43]) {
    const row = sheet.addRow([null, null, null, null, null, value]);
    styles.apply(row);
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

test('shared column styles read back like the styles exceljs merges per cell', async () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'sample.xlsx');
    await writeSample(path);
    const sheet = sheetOf(await readWorkbook(path), 'S');
    for (let c = 1; c <= VALUES.length; c++) {
      const plain = sheet.getCell(1, c);
      for (const r of [2, 3]) {
        const shared = sheet.getCell(r, c);
        assert.equal(shared.value, plain.value, `value ${r},${c}`);
        assert.is(shared.numFmt, plain.numFmt, `format ${r},${c}`);
        assert.equal(shared.font, plain.font, `font ${r},${c}`);
        assert.equal(shared.alignment, plain.alignment, `alignment ${r},${c}`);
      }
    }
    assert.is(sheet.getCell(2, 2).font.name, 'Courier New');
    assert.is(sheet.getCell(3, 3).numFmt, '#,##0.00 "€"');
    assert.is(sheet.getCell(3, 5).numFmt, 'dd/mm/yyyy');
    assert.is(sheet.getCell(2, 1).alignment.horizontal, 'center');
    assert.ok(sheet.getCell(3, 4).alignment.wrapText);

    // The date keeps a date format; the numbers around it do not take it.
    assert.ok(sheet.getCell(5, 6).value instanceof Date, 'a date in an unformatted column stays a date');
    assert.is(sheet.getCell(4, 6).value, 42);
    assert.is(sheet.getCell(6, 6).value, 43);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the shared style objects cannot be changed through a cell', async () => {
  const dir = tempDir();
  try {
    const workbook = streamingWorkbook(join(dir, 'frozen.xlsx'), new Date('2026-01-15T10:00:00Z'));
    const sheet = workbook.addWorksheet('S');
    sheet.getColumn(1).font = { name: 'Arial', size: 9 };
    const styles = new ColumnStyles(sheet, 1);
    const row = sheet.addRow(['a']);
    styles.apply(row);
    assert.throws(() => (row.getCell(1).font = { name: 'Arial', bold: true }));
    row.commit();
    sheet.commit();
    await workbook.commit();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('journal data rows show their columns’ fonts and alignment', async () => {
  const socle = await demoSocle();
  const dir = tempDir();
  try {
    const path = join(dir, 'journal.xlsx');
    await exportWorkbook(await socle.readSource(), { workbook: 'journal', programmeId: 'rafcom' }, path, { now: () => new Date('2026-01-15T10:00:00Z') });
    const sheet = sheetOf(await readWorkbook(path), 'Journal');
    assert.is(sheet.getCell(1, 1).font.bold, true, 'the header stays bold');
    for (const r of [2, 3, 200]) {
      assert.is(sheet.getCell(r, 1).alignment.horizontal, 'center');
      assert.is(sheet.getCell(r, 2).font.name, 'Arial');
      assert.is(sheet.getCell(r, 2).font.size, 9);
      assert.ok(sheet.getCell(r, 7).alignment.wrapText, 'the summary wraps');
      assert.is(sheet.getCell(r, 8).font.name, 'Courier New');
      assert.is(sheet.getCell(r, 8).font.size, 7);
    }
  } finally {
    await socle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
