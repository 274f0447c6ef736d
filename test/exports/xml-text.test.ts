// Text in workbooks (issue [limits]): any text the API accepts, in every free-text field a workbook
// shows, survives all four workbooks and reads back identical with exceljs; characters XML forbids
// never reach a file (xml-text.ts drops them, whatever a ledger holds), and the API refuses them.
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAllWorkbooks } from '../../src/exports/write-all.ts';
import { xmlSafe, xmlSafeRow, xmlSafeWorkbook } from '../../src/exports/xml-text.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { Socle } from '../../src/app/socle.ts';
import { ActionBody, AxisBody, ContributionBody, CorrectionBody, PartnerBody, ProgrammeBody, RateBody, SiteBody } from '../../src/api/schemas.ts';
import { NameSchema, TextSchema } from '../../src/domain/schemas.ts';
import { readWorkbook, sheetOf, textAt } from './fixtures.ts';

/** Every text of a workbook's cells (plain, rich, hyperlink, formula results). */
function textsOf(workbook: ExcelJS.Workbook): string[] {
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row, r) => row.eachCell((_, c) => texts.push(textAt(sheet, r, c)))));
  return texts;
}

interface Texts {
  programme: string;
  territory: string;
  partner: string;
  axis: string;
  action: string;
  site: string;
  basis: string;
  role: string;
  rateBasis: string;
  description: string;
  evidence: string;
  reason: string;
}

/** The bodies the API would parse, parsed by its own schemas; undefined when it refuses one. */
function parsedBodies(t: Texts) {
  const content = { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '2.5', actionId: 'a1', siteId: 's1', role: t.role, rate: '12.25', rateBasis: t.rateBasis, description: t.description, evidence: t.evidence };
  const bodies = [
    ProgrammeBody.safeParse({ id: 'p', name: t.programme, startsOn: '2024-01-01', endsOn: '2024-12-31', territory: t.territory }),
    PartnerBody.safeParse({ id: 'ccas', name: t.partner, category: 'ccas' }),
    AxisBody.safeParse({ id: 'ax', title: t.axis }),
    ActionBody.safeParse({ id: 'a1', number: 1, title: t.action, axisId: 'ax', pilotPartnerId: 'ccas', nature: 'fonctionnement' }),
    SiteBody.safeParse({ id: 's1', name: t.site, partnerId: 'ccas' }),
    RateBody.safeParse({ id: 'r', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2024-01-01', basis: t.basis }),
    ContributionBody.safeParse({ id: 'c1', ...content }),
    CorrectionBody.safeParse({ expectedVersion: 1, reason: t.reason, ...content, quantity: '3' }),
  ] as const;
  if (!bodies.every((b) => b.success)) return undefined;
  const [programme, partner, axis, action, site, rate, contribution, correction] = bodies.map((b) => b.data!) as [
    typeof bodies[0]['data'] & {}, typeof bodies[1]['data'] & {}, typeof bodies[2]['data'] & {}, typeof bodies[3]['data'] & {},
    typeof bodies[4]['data'] & {}, typeof bodies[5]['data'] & {}, typeof bodies[6]['data'] & {}, typeof bodies[7]['data'] & {},
  ];
  return { programme, partner, axis, action, site, rate, contribution, correction };
}

/** Mostly ordinary characters, and now and then one that is special to XML, to spreadsheets or to us. */
const tricky = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.constantFrom('<', '>', '&', '"', "'", ' ', '\t', '\n', '_x000D_', '_x0041_', '=', '+1', '@', '€', 'é', '😀', '\u00A0', '\u2028') },
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0007', '\u000B', '\r', '\u007F', '\u0085', '\uFFFE', '\uFFFF', '\uD800') },
  ),
  minLength: 1,
  maxLength: 20,
});
/** What the API's schemas accept as a name, and as a long text (description, evidence). */
const name = tricky.filter((t) => NameSchema.safeParse(t).success);
const text = tricky.filter((t) => TextSchema.safeParse(t).success);

test('any text the API accepts survives every workbook and reads back identical', async () => {
  const work = mkdtempSync(join(tmpdir(), 'socle-xml-text-'));
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ programme: name, territory: name, partner: name, axis: name, action: name, site: name, basis: name, role: name, rateBasis: name, description: text, evidence: text, reason: name }),
        async (texts) => {
          const b = parsedBodies(texts);
          assert.ok(b !== undefined, 'every body accepted');
          const dir = join(work, String(run++));
          const socle = await Socle.open({ dataDir: join(dir, 'data'), snapshot: false });
          try {
            const c = socle.commands;
            await c.handleProgramme({ type: 'OpenProgramme', data: { programmeId: 'p', name: b!.programme.name, startsOn: b!.programme.startsOn, endsOn: b!.programme.endsOn, territory: b!.programme.territory } }, CLI_ACTOR);
            await c.handleProgramme({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'ccas', name: b!.partner.name, category: b!.partner.category } }, CLI_ACTOR);
            await c.handleProgramme({ type: 'DefineAxis', data: { programmeId: 'p', axisId: 'ax', title: b!.axis.title } }, CLI_ACTOR);
            const { id: _a, ...action } = b!.action;
            await c.handleProgramme({ type: 'DefineAction', data: { programmeId: 'p', actionId: 'a1', ...action } }, CLI_ACTOR);
            await c.handleProgramme({ type: 'RegisterSite', data: { programmeId: 'p', siteId: 's1', name: b!.site.name, partnerId: 'ccas' } }, CLI_ACTOR);
            const { id: _r, ...rate } = b!.rate;
            await c.handleProgramme({ type: 'SetValuationRate', data: { programmeId: 'p', rateId: 'r', ...rate } }, CLI_ACTOR);
            const { id: _c, ...content } = b!.contribution;
            await c.handleContribution({ type: 'RecordContribution', programmeId: 'p', contributionId: 'c1', content }, CLI_ACTOR);
            const { expectedVersion, reason, id: _i, ...corrected } = b!.correction;
            await c.handleContribution({ type: 'CorrectContribution', programmeId: 'p', contributionId: 'c1', reason, content: corrected }, CLI_ACTOR, expectedVersion);
            await socle.caughtUpTo((await socle.store.head()).position);
            const files = (await writeAllWorkbooks(await socle.readSource(), { programmeId: 'p', outDir: join(dir, 'out') })).map((w) => w.path);
            // contributions, budget, funding-plan, journal and service.
            assert.is(files.length, 5);
            for (const file of files) {
              // Read back at all: a forbidden character would make exceljs throw here.
              const workbook = await readWorkbook(file);
              assert.is(textAt(sheetOf(workbook, 'Provenance'), 3, 2), `p — ${b!.programme.name}`, `${file}: programme name`);
              const all = textsOf(workbook);
              if (file.includes('contributions')) {
                const sheet = sheetOf(workbook, 'Contributions');
                assert.is(textAt(sheet, 2, 2), b!.partner.name, 'partner name');
                assert.is(textAt(sheet, 2, 9), b!.site.name, 'site name');
                assert.is(textAt(sheet, 2, 17), content.evidence, 'evidence');
                assert.is(textAt(sheet, 2, 18), content.description, 'description');
                assert.ok(textAt(sheet, 2, 19).includes(reason), 'the correction’s reason');
              }
              if (file.includes('journal')) for (const name of [b!.partner.name, b!.action.title, b!.site.name]) assert.ok(all.some((t) => t.includes(name)), `journal shows ${JSON.stringify(name)}`);
              if (file.includes('funding-plan')) assert.ok(all.some((t) => t.includes(b!.action.title)), 'funding plan shows the action title');
            }
          } finally {
            await socle.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 15, ...(process.env.XT_SEED && { seed: Number(process.env.XT_SEED), path: process.env.XT_PATH, endOnFailure: true }) },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('whatever a ledger holds, a cell reads back as xmlSafe made it, from either writer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-xml-cells-'));
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(tricky, { minLength: 1, maxLength: 8 }), async (texts) => {
        // In memory (shared strings), as budget.ts and funding-plan.ts write.
        const inMemory = new ExcelJS.Workbook();
        const sheet = inMemory.addWorksheet('Textes');
        for (const t of texts) sheet.addRow([t, { richText: [{ text: t }] }]);
        xmlSafeWorkbook(inMemory);
        await inMemory.xlsx.writeFile(join(dir, 'memory.xlsx'));
        // Streamed, as contributions.ts and journal.ts write.
        const streamed = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, 'stream.xlsx') });
        const streamedSheet = streamed.addWorksheet('Textes');
        for (const t of texts) {
          const row = streamedSheet.addRow([t]);
          xmlSafeRow(row);
          row.commit();
        }
        streamedSheet.commit();
        await streamed.commit();
        // XML reads a carriage return (CR LF, or CR alone) as a line feed; the API refuses it for that reason.
        const expected = (t: string) => xmlSafe(t).replace(/\r\n?/g, '\n');
        for (const file of ['memory.xlsx', 'stream.xlsx']) {
          const back = sheetOf(await readWorkbook(join(dir, file)), 'Textes');
          texts.forEach((t, i) => {
            assert.is(textAt(back, i + 1, 1), expected(t), `${file} row ${i + 1}`);
            if (file === 'memory.xlsx') assert.is(textAt(back, i + 1, 2), expected(t), `rich text, row ${i + 1}`);
          });
        }
      }),
      { numRuns: 60 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('xmlSafe drops exactly what XML forbids, and keeps tab, line feed, carriage return, pairs and the rest', () => {
  assert.is(xmlSafe('a\u0000b\u0008c\u000Bd\u000Ce\u000Ef\u001Fg\u007Fh\uFFFEi\uFFFFj\uD800k\uDFFFl'), 'abcdefghijkl');
  assert.is(xmlSafe('tab\tlf\ncr\r😀é\u0085\u2028'), 'tab\tlf\ncr\r😀é\u0085\u2028');
  const same = 'Médiathèque « Les Halles »';
  assert.is(xmlSafe(same), same);
});

test.run();
