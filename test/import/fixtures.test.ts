// The import over its fixtures (test/fixtures/import, made by build-fixtures.ts), into a real SQLite
// file: every row's outcome and every imported content written by hand here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import type { ContributionContent } from '../../src/domain/events.ts';
import { fileSource } from '../../src/import/source.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import type { EventStore } from '../../src/store/port.ts';
import { FIXTURES, PROGRAMME, setUp } from './setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'socle-import-'));
let n = 0;
const fresh = () => setUp(createSqliteStore({ path: join(dir, `s${++n}.sqlite`) }));

async function recorded(store: EventStore): Promise<Map<string, ContributionContent>> {
  const out = new Map<string, ContributionContent>();
  for await (const event of store.readAll())
    if (event.type === 'ContributionRecorded') {
      const data = event.data as { contributionId: string; content: ContributionContent };
      out.set(data.contributionId, data.content);
    }
  return out;
}

const importFile = (commands: Awaited<ReturnType<typeof fresh>>['commands'], name: string, extra: { partnerId?: string; dryRun?: boolean } = {}) =>
  importContributions(commands, { programmeId: PROGRAMME, source: fileSource(join(FIXTURES, name)), dryRun: extra.dryRun ?? false, actor: CLI_ACTOR, ...(extra.partnerId && { partnerId: extra.partnerId }) });

const byDate = (contents: Iterable<ContributionContent>) => [...contents].sort((a, b) => a.date.localeCompare(b.date));

test('the GT ESC table: title rows and totals skipped, five rows imported, four refused with column and reason', async () => {
  const { store, commands } = await fresh();
  const report = await importFile(commands, 'contributions-2024.xlsx');
  assert.equal([report.rows, report.imported, report.alreadyImported, report.refused.length, report.skipped], [10, 5, 0, 4, 1]);
  assert.equal(
    report.refused.map((r) => [r.row, r.problems.map((p) => `${p.column}: ${p.reason}`)]),
    [
      [9, ['Partenaire: partenaire inconnu dans le programme : « Mairie de Nulle-Part »']],
      [10, ['Date: 2022-05-10 est hors de la période du programme (du 2023-01-01 au 2026-12-31)']],
      [11, ['Quantité: cellule calculée par une formule (2*3) : collez-y la valeur']],
      [12, [
        'Nature: nature inconnue : « Café offert » (bénévolat, temps salarié, locaux, borne, matériel, prestation, subvention, don en nature)',
        'Quantité: « douze » n’est pas un nombre (exemples : 12,5 ou 1 234,50)',
      ]],
    ],
  );
  assert.equal(byDate((await recorded(store)).values()), [
    { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-01-15', quantity: '12.5', unit: 'hour', actionId: 'a1', siteId: 'maurepas', description: 'Permanence numérique', evidence: 'Feuille de temps janvier' },
    { partnerId: 'bug', kind: 'volunteer_time', status: 'actual', date: '2024-02-03', quantity: '7.5', unit: 'hour', actionId: 'a2', siteId: 'maurepas', description: 'Ateliers smartphone' },
    { partnerId: 'rennes', kind: 'premises', status: 'planned', date: '2024-03-04', quantity: '4', unit: 'half_day', siteId: 'bellangerais', evidence: 'Convention 2024-12' },
    { partnerId: 'cd35', kind: 'cash', status: 'planned', date: '2024-04-01', amount: '12500.00', unit: 'eur', actionId: 'a1', description: 'Appel à projets inclusion', evidence: 'Arrêté 2024-077' },
    { partnerId: 'caf35', kind: 'kiosk', status: 'actual', date: '2024-07-01', quantity: '3', unit: 'month', siteId: 'bellangerais', description: 'Borne CAF' },
  ]);
});

test('importing the same table again writes nothing and says so row by row', async () => {
  const { store, commands } = await fresh();
  await importFile(commands, 'contributions-2024.xlsx');
  const head = await store.head();
  const again = await importFile(commands, 'contributions-2024.xlsx');
  assert.equal([again.imported, again.alreadyImported, again.refused.length, again.skipped], [0, 5, 4, 1]);
  assert.equal(await store.head(), head);
});

test('a dry run reports what an import would do and writes nothing', async () => {
  const { store, commands } = await fresh();
  const head = await store.head();
  const dry = await importFile(commands, 'contributions-2024.xlsx', { dryRun: true });
  assert.equal([dry.dryRun, dry.imported, dry.refused.length, dry.skipped], [true, 5, 4, 1]);
  assert.equal(await store.head(), head);
});

test('the Windows-1252 semicolon CSV: accents read, decimal comma, thousands, an impossible date refused', async () => {
  const { store, commands } = await fresh();
  const report = await importFile(commands, 'contributions-1252.csv');
  assert.equal([report.rows, report.imported, report.refused.length, report.skipped], [5, 3, 1, 1]);
  assert.equal(report.header, ['Partenaire', 'Nature', 'Date', 'Quantité', 'Montant (€)', 'Lieu', 'Prévu/Réalisé']);
  assert.equal(report.refused.map((r) => [r.row, r.problems]), [[6, [{ column: 'Date', reason: '« 31/02/2024 » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)' }]]]);
  assert.equal(byDate((await recorded(store)).values()), [
    { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-01-08', quantity: '3.5', unit: 'hour', siteId: 'maurepas' },
    { partnerId: 'bug', kind: 'volunteer_time', status: 'actual', date: '2024-01-20', quantity: '2', unit: 'hour', siteId: 'bellangerais' },
    { partnerId: 'rennes', kind: 'prestation', status: 'actual', date: '2024-01-25', amount: '1234.56', unit: 'eur' },
  ]);
});

test('the Coop export: each activity is the structure’s staff time at its site, its reference as evidence', async () => {
  const { store, commands } = await fresh();
  const report = await importFile(commands, 'coop-activites.xlsx', { partnerId: 'ccas' });
  assert.is(report.source, 'coop');
  assert.equal([report.rows, report.imported, report.refused.length], [4, 3, 1]);
  assert.equal(report.refused.map((r) => [r.row, r.problems]), [[17, [{ column: 'Lieu', reason: 'lieu inconnu dans le programme : « Médiathèque des Champs Libres, 35000 Rennes »' }]]]);
  const contents = byDate((await recorded(store)).values());
  // 45 min = 0.75 h; 90 min = 1.50 h; 50 min = 0.8333… h, rounded half away from zero to 0.83 h.
  assert.equal(contents.map((c) => [c.partnerId, c.kind, c.status, c.date, c.quantity, c.siteId, c.description]).sort(), [
    ['ccas', 'staff_time', 'actual', '2024-03-12', '0.75', 'maurepas', 'Accompagnement individuel · Prendre en main un smartphone'],
    ['ccas', 'staff_time', 'actual', '2024-03-12', '1.50', 'maurepas', 'Atelier collectif · Découvrir sa messagerie · E-mail, Sécurité numérique'],
    ['ccas', 'staff_time', 'actual', '2024-03-14', '0.83', undefined, 'Accompagnement individuel · Démarche en ligne'],
  ].sort());
  for (const content of contents) assert.match(content.evidence!, /^Coop de la médiation numérique, activité coop-[0-9a-f]{16}$/);
  assert.is(new Set(contents.map((c) => c.evidence)).size, 3);
});

test('the Coop export without --partner: the site’s partner, and an activity at no site refused', async () => {
  const { commands } = await fresh();
  const report = await importFile(commands, 'coop-activites.xlsx', { dryRun: true });
  assert.equal([report.imported, report.refused.length], [2, 2]);
  assert.equal(report.refused.map((r) => [r.row, r.problems[0]!.column]), [[16, 'Lieu'], [17, 'Lieu']]);
  assert.match(report.refused[0]!.problems[0]!.reason, /précisez le partenaire/);
});

test.run();
