// Every workbook opens in LibreOffice, and LibreOffice's own recalculation of every formula gives the
// totals we stored. Not run on a machine without LibreOffice; required (a failure) under CI.
import { needTools } from '../support/tools.ts';
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import type { ExportRequest } from '../../src/exports/workbook-request.ts';
import type { Socle } from '../../src/app/socle.ts';
import { demoSocle, formulaCells, readWorkbook, tempDir } from './fixtures.ts';
import { convert, recalculatingProfile, soffice } from './libreoffice.ts';

// Without LibreOffice: one "not run" line (a failure under CI=true or SOCLE_REQUIRE_TOOLS=1).
needTools('soffice');

const lo = suite<{ dir: string; profile: string; socle: Socle }>('libreoffice', { dir: '', profile: '', socle: undefined as unknown as Socle });

loudHooks(lo);
lo.before(async (context) => {
  context.dir = tempDir('socle-lo-');
  context.profile = recalculatingProfile(context.dir);
  context.socle = await demoSocle();
});

lo.after(async (context) => {
  await context.socle?.close();
  rmSync(context.dir, { recursive: true, force: true });
});

lo('LibreOffice is installed', () => {
  assert.ok(soffice().length > 0);
});

lo('the profile really recalculates: a stale stored result is replaced by the true sum', async ({ dir, profile }) => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Canari');
  sheet.getCell('A1').value = 1.25;
  sheet.getCell('A2').value = 2.5;
  sheet.getCell('A3').value = { formula: 'SUM(A1:A2)', result: 999 };
  const path = join(dir, 'canari.xlsx');
  await workbook.xlsx.writeFile(path);
  const [out] = convert([path], 'xlsx', join(dir, 'canari-out'), profile);
  const back = await readWorkbook(out!);
  assert.is(back.getWorksheet('Canari')!.getCell('A3').result, 3.75);
});

lo('every formula of every workbook recalculates to the result we stored', async ({ dir, profile, socle }) => {
  const requests: ExportRequest[] = [
    { workbook: 'contributions', programmeId: 'rafcom' },
    { workbook: 'budget', programmeId: 'rafcom' },
    { workbook: 'budget', programmeId: 'rafcom', actionId: 'a02', year: 2024, status: 'actual', codes: 'anc' },
    { workbook: 'funding-plan', programmeId: 'rafcom' },
    { workbook: 'journal', programmeId: 'rafcom' },
    { workbook: 'contributions', programmeId: 'acte3', year: 2025 },
    { workbook: 'budget', programmeId: 'acte3' },
    { workbook: 'funding-plan', programmeId: 'acte3', year: 2024 },
  ];
  const files: string[] = [];
  for (const [i, request] of requests.entries()) {
    const path = join(dir, `${i}-${request.workbook}-${request.programmeId}.xlsx`);
    await exportWorkbook(await socle.readSource(request.asOf), request, path);
    files.push(path);
  }
  const recalculated = convert(files, 'xlsx', join(dir, 'recalculated'), profile);
  let compared = 0;
  for (const [i, path] of files.entries()) {
    const ours = formulaCells(await readWorkbook(path));
    const theirs = new Map(formulaCells(await readWorkbook(recalculated[i]!)).map((c) => [`${c.sheet}!${c.address}`, c]));
    for (const cell of ours) {
      const key = `${cell.sheet}!${cell.address}`;
      const other = theirs.get(key);
      assert.ok(other, `${path}: LibreOffice lost the formula ${key}`);
      assert.type(other!.result, 'number', `${key} =${cell.formula}`);
      // Money to the cent: LibreOffice adds binary doubles, we add exact cents.
      assert.ok(Math.abs((other!.result as number) - (cell.result as number)) < 0.005, `${key} =${cell.formula}: ours ${cell.result}, LibreOffice ${other!.result}`);
      compared++;
    }
    // The journal has no formula; the others have many.
    if (!path.includes('journal')) assert.ok(ours.length > 5, `${path} has formulas`);
  }
  assert.ok(compared > 300, `compared ${compared} formulas`);
});

lo.run();
