// The fiche action's identity block (funding-plan workbook, issue 14 point 7): the coordinator's
// services concernés, enjeux, objectifs opérationnels and calendrier prévisionnel, in the seed's
// order, written as a real .xlsx and read back with exceljs. A fact not set reads "—".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import { SmallLedger, demoSocle, readWorkbook, sheetOf, tempDir } from './fixtures.ts';

const dir = tempDir('socle-fiche-');

/** Column A's label and column B's value of each row from row 3 up to the "Plan de financement" title. */
function identityOf(sheet: ReturnType<typeof sheetOf>): [string, string][] {
  const rows: [string, string][] = [];
  for (let r = 3; sheet.getCell(r, 1).value !== 'Plan de financement' && r < 40; r++) {
    if (sheet.getCell(r, 1).value === null) continue;
    rows.push([String(sheet.getCell(r, 1).value), String(sheet.getCell(r, 2).value)]);
  }
  return rows;
}

async function ledger(): Promise<SmallLedger> {
  const l = await SmallLedger.open();
  await l.partner('rafcom', 'epci', 'Roche aux Fées Communauté');
  await l.partner('orditous', 'association', 'Orditous');
  await l.setUp({ type: 'DefineAxis', data: { programmeId: 'p', axisId: 'axe2', title: 'Inclusion numérique' } });
  await l.setUp({ type: 'DefineAction', data: { programmeId: 'p', actionId: 'a1', number: 1, title: 'Ateliers', axisId: 'axe2', pilotPartnerId: 'rafcom', nature: 'fonctionnement' } });
  await l.action('a2', 2, 'fonctionnement', 'rafcom');
  await l.add({ partnerId: 'orditous', kind: 'cash', status: 'actual', date: '2024-03-05', amount: '300.00', actionId: 'a1' });
  await l.add({ partnerId: 'rafcom', kind: 'prestation', status: 'actual', date: '2024-05-20', amount: '900.00', actionId: 'a1' });
  return l;
}

const sheetFacts = {
  services: 'Service SIG-Numérique ; réseau Libellule',
  stakes: 'Répondre à la fracture numérique',
  objectives: 'Douze ateliers par an\nUne permanence chaque semaine',
  calendar: [
    { label: 'Expérimentation', startsOn: '2024-01-01', endsOn: '2024-06-30' },
    { label: 'COPIL', startsOn: '2025-06-12', endsOn: '2025-06-12' },
  ],
};

test('the fiche shows the coordinator’s facts in the seed’s order; an action without them shows "—"', async () => {
  const l = await ledger();
  try {
    await l.setUp({ type: 'SetActionSheet', data: { programmeId: 'p', actionId: 'a1', sheet: sheetFacts } });
    const path = join(dir, 'plan.xlsx');
    await exportWorkbook(await l.socle.readSource(), { workbook: 'funding-plan', programmeId: 'p' }, path);
    const workbook = await readWorkbook(path);
    assert.equal(identityOf(sheetOf(workbook, 'Action 1')), [
      ['Intitulé action', 'Ateliers'],
      ['Pilotage', 'Roche aux Fées Communauté'],
      ['Services concernés', 'Service SIG-Numérique ; réseau Libellule'],
      ['Rattachement à la feuille de route', 'Inclusion numérique'],
      ['Enjeux – Impacts attendus', 'Répondre à la fracture numérique'],
      ['Objectifs opérationnels', 'Douze ateliers par an\nUne permanence chaque semaine'],
      ['Partenaires', 'Orditous, Roche aux Fées Communauté'],
      ['Calendrier prévisionnel de mise en œuvre', 'du 01/01/2024 au 30/06/2024 : Expérimentation\nle 12/06/2025 : COPIL'],
      // The contributions' first and last days (5 March, 20 May 2024) are not the calendar.
      ['Période des contributions', 'du 05/03/2024 au 20/05/2024'],
    ]);
    const fiche = sheetOf(workbook, 'Action 1');
    // Two lines of text at 10 pt: 2 × 10 × 1.32 + 3 = 29.4 → 30 points high, so nothing is hidden.
    assert.is(fiche.getRow(8).height, 30);
    assert.equal(identityOf(sheetOf(workbook, 'Action 2')), [
      ['Intitulé action', 'Action 2'],
      ['Pilotage', 'Roche aux Fées Communauté'],
      ['Services concernés', '—'],
      ['Rattachement à la feuille de route', '—'],
      ['Enjeux – Impacts attendus', '—'],
      ['Objectifs opérationnels', '—'],
      ['Partenaires', '—'],
      ['Calendrier prévisionnel de mise en œuvre', '—'],
      ['Période des contributions', '—'],
    ]);
  } finally {
    await l.close();
  }
});

test('a later fiche replaces the first: the workbook shows only the latest facts', async () => {
  const l = await ledger();
  try {
    await l.setUp({ type: 'SetActionSheet', data: { programmeId: 'p', actionId: 'a1', sheet: sheetFacts } });
    await l.setUp({ type: 'SetActionSheet', data: { programmeId: 'p', actionId: 'a1', sheet: { objectives: 'Vingt ateliers', calendar: [] } } });
    const path = join(dir, 'plan-2.xlsx');
    await exportWorkbook(await l.socle.readSource(), { workbook: 'funding-plan', programmeId: 'p', actionId: 'a1' }, path);
    const rows = new Map(identityOf(sheetOf(await readWorkbook(path), 'Action 1')));
    assert.is(rows.get('Services concernés'), '—');
    assert.is(rows.get('Enjeux – Impacts attendus'), '—');
    assert.is(rows.get('Objectifs opérationnels'), 'Vingt ateliers');
    assert.is(rows.get('Calendrier prévisionnel de mise en œuvre'), '—');
  } finally {
    await l.close();
  }
});

test('the demo’s fiche 12 (GT élus) carries the seed’s objectives and its four dated steps', async () => {
  const socle = await demoSocle();
  try {
    const path = join(dir, 'demo-plan.xlsx');
    await exportWorkbook(await socle.readSource(), { workbook: 'funding-plan', programmeId: 'rafcom', actionId: 'a12' }, path);
    const rows = new Map(identityOf(sheetOf(await readWorkbook(path), 'Action 12')));
    // src/demo/sheets.ts, from the seed's « GT élus » block and its calendar.
    assert.is(rows.get('Objectifs opérationnels'), 'Recruter les membres du GT élus\nRencontre trimestrielle du GT élus\nRencontre annuelle (COPIL) avec l’ensemble des partenaires numériques');
    assert.is(
      rows.get('Calendrier prévisionnel de mise en œuvre'),
      'du 01/06/2024 au 30/09/2024 : Recrutement du GT élus\ndu 01/10/2024 au 31/12/2026 : GT élus chaque trimestre\nle 12/06/2025 : COPIL 2025\nle 11/06/2026 : COPIL 2026',
    );
  } finally {
    await socle.close();
  }
});

test('the journal names the fiche set and what it holds', async () => {
  const l = await ledger();
  try {
    await l.setUp({ type: 'SetActionSheet', data: { programmeId: 'p', actionId: 'a1', sheet: sheetFacts } });
    await l.setUp({ type: 'SetActionSheet', data: { programmeId: 'p', actionId: 'a1', sheet: { objectives: 'Vingt ateliers', calendar: [] } } });
    const path = join(dir, 'journal.xlsx');
    await exportWorkbook(await l.socle.readSource(), { workbook: 'journal', programmeId: 'p' }, path);
    const journal = sheetOf(await readWorkbook(path), 'Journal');
    const summaries: string[] = [];
    journal.eachRow((row) => {
      if (row.getCell(4).value === 'Fiche action renseignée') summaries.push(String(row.getCell(7).value));
    });
    assert.equal(summaries, [
      'fiche de l’action n° 1 renseignée : services concernés, enjeux, objectifs opérationnels, 2 étape(s) au calendrier',
      'fiche de l’action n° 1 renseignée : objectifs opérationnels, 0 étape(s) au calendrier',
    ]);
  } finally {
    await l.close();
  }
});

test.run();
