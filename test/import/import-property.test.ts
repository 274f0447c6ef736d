// Properties of the import over generated French spreadsheets (CSV, UTF-8 or Windows-1252, `;` or
// `,`): importing the same file again writes nothing; the ledger's log, exported and imported into
// an empty store, gives the same figures; every row is accounted for once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { bufferSource } from '../../src/import/source.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { EventStore, RecordedEvent } from '../../src/store/port.ts';
import { replay } from '../../src/read-model/runner.ts';
import { ledgerProjection, requireProgramme } from '../../src/read-model/ledger.ts';
import { totalsDocument } from '../../src/reports/totals-document.ts';
import { PROGRAMME, setUp } from './setup.ts';

const PARTNERS = ['CCAS de Rennes', 'ccas', 'Association Bug', 'association bug', 'Ville de Rennes', 'Mairie de Nulle-Part'];
const KINDS = [['Bénévolat', 'h'], ['Temps salarié', 'heures'], ['Mise à disposition de salle', 'demi-journée'], ['Subvention', '€'], ['Prestation', '€'], ['Café', '']] as const;

const rowArbitrary = fc.record({
  partner: fc.constantFrom(...PARTNERS),
  kind: fc.constantFrom(...KINDS),
  // 2022 is before the programme: some rows are refused for their date.
  year: fc.constantFrom(2022, 2023, 2024, 2026),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  iso: fc.boolean(),
  cents: fc.integer({ min: 1, max: 99_999 }),
  status: fc.constantFrom('Prévu', 'Réalisé'),
  evidence: fc.constantFrom('', 'Feuille de temps', 'Convention 12'),
});
type Row = typeof rowArbitrary extends fc.Arbitrary<infer R> ? R : never;

function csvOf(rows: Row[], separator: ';' | ','): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const lines = [['Partenaire', 'Nature', 'Date', 'Quantité', 'Unité', 'Justificatif', 'Prévu/Réalisé'].join(separator)];
  for (const r of rows) {
    const date = r.iso ? `${r.year}-${two(r.month)}-${two(r.day)}` : `${two(r.day)}/${two(r.month)}/${r.year}`;
    const figure = `${Math.floor(r.cents / 100)},${two(r.cents % 100)}`;
    lines.push([r.partner, r.kind[0], date, `"${figure}"`, r.kind[1], r.evidence, r.status].join(separator));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Windows-1252 for the letters these files use (Latin-1 but for the few 1252 places elsewhere). */
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((char) => (char === '€' ? 0x80 : char === '’' ? 0x92 : char.charCodeAt(0))));
}

async function figures(store: EventStore) {
  const checkpoint = await replay(store, ledgerProjection);
  const programme = requireProgramme(checkpoint.state, PROGRAMME);
  return [
    totalsDocument(checkpoint, programme, { status: 'actual', include: 'active' }),
    totalsDocument(checkpoint, programme, { status: 'planned', include: 'active' }),
  ];
}

test('import, re-import, log export and import: nothing written twice, the same figures', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(rowArbitrary, { minLength: 1, maxLength: 40 }), fc.constantFrom(';', ','), fc.boolean(), async (rows, separator, legacy) => {
      const text = csvOf(rows, separator as ';' | ',');
      const bytes = legacy ? windows1252(text) : Buffer.from(text, 'utf8');
      const { store, commands } = await setUp();
      const run = (batchRows: number) => importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('t.csv', bytes), dryRun: false, actor: CLI_ACTOR, batchRows });
      const first = await run(7);
      assert.is(first.imported + first.alreadyImported + first.refused.length + first.skipped, rows.length);
      assert.is(first.alreadyImported, 0);
      const head = await store.head();
      const again = await run(5);
      assert.equal([again.imported, again.alreadyImported, again.refused.length], [0, first.imported, first.refused.length]);
      assert.equal(await store.head(), head);

      const log: RecordedEvent[] = [];
      for await (const event of store.readAll()) log.push(event);
      const copy = createMemoryStore();
      await copy.importRecorded(log);
      assert.equal(await figures(copy), await figures(store));
    }),
    { numRuns: 40 },
  );
});

test.run();
