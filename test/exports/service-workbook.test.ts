// The `service` workbook and the fiche action's "Indicateurs" section (issue 15), written as real
// .xlsx files and read back with exceljs; figures worked out by hand below.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import { CLI_ACTOR, type Actor } from '../../src/domain/actor.ts';
import type { ServiceCommand } from '../../src/domain/service/decider.ts';
import { InvalidCommandError } from '../../src/domain/errors.ts';
import { SmallLedger, numberAt, readWorkbook, sheetOf } from './fixtures.ts';

// Programme 2024-01-01 … 2026-12-31. Two sites on one axis: "fablab" (mairie) 6 h until
// 2024-08-31 then 9 h; "mediatheque" 3 h throughout. Target: double the hours of 2024-01-01 (9 h → 18 h) by 2026-12-31.
async function ledger(): Promise<SmallLedger> {
  const l = await SmallLedger.open();
  await l.partner('mairie', 'commune', 'Commune de Retiers');
  await l.action('a1', 1, 'fonctionnement', 'mairie');
  await l.setUp({ type: 'DefineAxis', data: { programmeId: 'p', axisId: 'openlab', title: 'Accès libre' } });
  await l.setUp({ type: 'RegisterSite', data: { programmeId: 'p', siteId: 'fablab', name: 'FabLab', partnerId: 'mairie' } });
  await l.setUp({ type: 'RegisterSite', data: { programmeId: 'p', siteId: 'mediatheque', name: 'Médiathèque' } });
  const mairie: Actor = { name: 'mairie', role: 'partner', partnerId: 'mairie' };
  const run = (command: ServiceCommand, actor: Actor = CLI_ACTOR) => l.socle.commands.handleService(command, actor);
  await run({ type: 'SetSchedule', programmeId: 'p', scheduleId: 'f6', schedule: { siteId: 'fablab', axisId: 'openlab', hoursPerWeek: '6', from: '2024-01-01', until: '2024-08-31' } }, mairie);
  await run({ type: 'SetSchedule', programmeId: 'p', scheduleId: 'f9', schedule: { siteId: 'fablab', axisId: 'openlab', hoursPerWeek: '9', from: '2024-09-01' } }, mairie);
  await run({ type: 'SetSchedule', programmeId: 'p', scheduleId: 'm3', schedule: { siteId: 'mediatheque', axisId: 'openlab', hoursPerWeek: '3', from: '2024-01-01' } });
  await run({ type: 'SetTarget', programmeId: 'p', targetId: 'double', target: { label: 'Doubler', unit: 'hours_per_week', baselineOn: '2024-01-01', multiplier: '2', dueOn: '2026-12-31' } });
  await run({ type: 'DefineIndicator', programmeId: 'p', indicatorId: 'visites', indicator: { actionId: 'a1', label: 'Accueils scolaires', unit: 'accueils', baseline: '33', baselineOn: '2023-12-31', target: '40', dueOn: '2026-12-31', direction: 'increase' } }, mairie);
  await run({ type: 'RecordMeasurement', programmeId: 'p', measurementId: 'v2024', measurement: { indicatorId: 'visites', value: '36', periodFrom: '2024-01-01', periodTo: '2024-12-31' } }, mairie);
  return l;
}

const dir = mkdtempSync(join(tmpdir(), 'socle-service-wb-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function rowWith(sheet: ReturnType<typeof sheetOf>, col: number, match: (v: unknown) => boolean): number {
  for (let r = 1; r <= sheet.rowCount; r++) if (match(sheet.getCell(r, col).value)) return r;
  throw new Error(`no row in ${sheet.name}`);
}

test('the service workbook: weeks, months and targets, read back', async () => {
  const l = await ledger();
  try {
    const path = join(dir, 'service.xlsx');
    await exportWorkbook(await l.socle.readSource(), { workbook: 'service', programmeId: 'p' }, path);
    const wb = await readWorkbook(path);
    assert.equal(wb.worksheets.map((s) => s.name), ['Heures par semaine', 'Heures par mois', 'Objectifs', 'Provenance']);
    const weeks = sheetOf(wb, 'Heures par semaine');
    assert.equal([weeks.getCell(4, 2).value, weeks.getCell(4, 3).value, weeks.getCell(4, 4).value, weeks.getCell(4, 5).value], ['FabLab — Accès libre', 'Médiathèque — Accès libre', 'Total', 'Objectif : Doubler']);
    // Monday 2024-09-02: 9 + 3 = 12; the line from 9 (2024-01-01) to 18 (2026-12-31, 1 095 days
    // later) stands 245 days in at 9 + 9 × 245/1095 = 11.0136… → 11.01.
    const sept = rowWith(weeks, 1, (v) => v instanceof Date && v.toISOString().startsWith('2024-09-02'));
    assert.equal([numberAt(weeks, sept, 2), numberAt(weeks, sept, 3), numberAt(weeks, sept, 4), numberAt(weeks, sept, 5)], [9, 3, 12, 11.01]);
    assert.is(weeks.getCell(sept, 4).formula, `SUM(B${sept}:C${sept})`);
    // 157 Mondays from the week of 2024-01-01 (a Monday) to 2026-12-28.
    assert.is(weeks.rowCount, 4 + 157);
    const monthsSheet = sheetOf(wb, 'Heures par mois');
    // August 2024: FabLab 6 × 31/7 = 26.571… → 26.57, Médiathèque 3 × 31/7 = 13.285… → 13.29; total 39.86.
    const august = rowWith(monthsSheet, 1, (v) => v === '2024-08');
    assert.equal([numberAt(monthsSheet, august, 2), numberAt(monthsSheet, august, 3), numberAt(monthsSheet, august, 4)], [26.57, 13.29, 39.86]);
    const targets = sheetOf(wb, 'Objectifs');
    // Baseline 9, target 18; at each year's end 12 h; 12/18 = 66.666… → 66.7 % at the programme's end.
    assert.equal([targets.getCell(4, 1).value, targets.getCell(4, 2).value, numberAt(targets, 4, 4), numberAt(targets, 4, 5)], ['Doubler', 'Tout le programme', 9, 18]);
    assert.equal([numberAt(targets, 4, 7), numberAt(targets, 4, 8), numberAt(targets, 4, 9), numberAt(targets, 4, 10)], [12, 12, 12, 0.667]);
    const provenance = sheetOf(wb, 'Provenance');
    let filters = '';
    provenance.eachRow((row) => {
      if (row.getCell(1).value === 'Filtres') filters = String(row.getCell(2).value);
    });
    assert.is(filters, 'tous les lieux et tous les axes, semaine par semaine et mois par mois');
  } finally {
    await l.close();
  }
});

test('the fiche action carries its indicators: unit, baseline, target, latest value, % reached', async () => {
  const l = await ledger();
  try {
    const path = join(dir, 'plan.xlsx');
    await exportWorkbook(await l.socle.readSource(), { workbook: 'funding-plan', programmeId: 'p' }, path);
    const fiche = sheetOf(await readWorkbook(path), 'Action 1');
    const title = rowWith(fiche, 1, (v) => v === 'Indicateurs');
    assert.equal(fiche.getRow(title + 1).values, [undefined, 'Indicateur', 'Unité', 'Référence', 'Objectif', 'Échéance', 'Dernière valeur', '% atteint', 'Suivi']);
    const row = fiche.getRow(title + 2);
    // 36/40 = 90 %; the line on 2024-12-31: 33 + 7 × 366/1096 = 35.34, 36 is above: on track.
    assert.equal([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value, row.getCell(6).value, row.getCell(7).value, row.getCell(8).value], ['Accueils scolaires', 'accueils', 33, 40, 36, 0.9, 'dans la trajectoire']);
  } finally {
    await l.close();
  }
});

test('the service workbook takes no filter but asOf', async () => {
  const l = await ledger();
  try {
    let thrown: unknown;
    await exportWorkbook(await l.socle.readSource(), { workbook: 'service', programmeId: 'p', year: 2024 }, join(dir, 'x.xlsx')).catch((e) => (thrown = e));
    assert.ok(thrown instanceof InvalidCommandError);
    assert.match((thrown as Error).message, /le classeur service montre tous les lieux/);
  } finally {
    await l.close();
  }
});

test.run();
