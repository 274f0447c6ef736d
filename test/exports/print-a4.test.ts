// Every funder's form prints on A4 with no column cut: LibreOffice prints each form of the demo to
// PDF, and poppler reads it back — every page A4, the form's first page holding its title, its
// first and last column headers and its totals (a column pushed onto another page would be missing
// there). Not run on a machine without LibreOffice or poppler-utils; required (a failure) under CI.
import { needTools } from '../support/tools.ts';
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import type { ExportRequest } from '../../src/exports/workbook-request.ts';
import type { Socle } from '../../src/app/socle.ts';
import { demoSocle, tempDir } from './fixtures.ts';
import { convert, recalculatingProfile } from './libreoffice.ts';

const tools = needTools('soffice', 'pdftotext');

interface Form {
  name: string;
  request: ExportRequest;
  /** Texts the first page must hold: the title, the first and last column headers, a total. */
  firstPage: string[];
  /** At most this many pages for the whole workbook (the form, its controls, its provenance). */
  maxPages: number;
}

const FORMS: Form[] = [
  {
    name: 'plan-de-financement',
    request: { workbook: 'budget', programmeId: 'rafcom', actionId: 'a05' },
    firstPage: ['Plan de financement actualisé de l’opération d’investissement', 'Dépenses (nature)', 'Montant HT', '%', 'TOTAL DES DÉPENSES', 'TOTAL DES RESSOURCES', 'Autofinancement du maître d’ouvrage'],
    maxPages: 4,
  },
  {
    name: 'cerfa-12156',
    request: { workbook: 'budget', programmeId: 'rafcom', actionId: 'a11', year: 2026, status: 'planned' },
    firstPage: ['Budget prévisionnel de l’action — Cerfa n° 12156*06', 'Code', 'Charges', 'Produits', 'Prévu', 'TOTAL DES CHARGES', 'TOTAL DES PRODUITS', '87'],
    maxPages: 4,
  },
  {
    name: 'cerfa-15059',
    request: { workbook: 'budget', programmeId: 'rafcom', actionId: 'a11', year: 2024 },
    firstPage: ['Compte rendu financier de l’action — Cerfa n° 15059*02', 'Prévision', 'Réalisation', 'Écart', 'TOTAL DES CHARGES', 'TOTAL DES PRODUITS'],
    maxPages: 5,
  },
];

const print = suite<{ dir: string; profile: string; socle: Socle }>('print-a4', { dir: '', profile: '', socle: undefined as unknown as Socle });
loudHooks(print);
print.before(async (context) => {
  context.dir = tempDir('socle-print-');
  context.profile = recalculatingProfile(context.dir);
  context.socle = await demoSocle();
});
print.after(async (context) => {
  await context.socle?.close();
  rmSync(context.dir, { recursive: true, force: true });
});

function poppler(command: string, args: string[]): string {
  const result = spawnSync(join(tools.pdftotext, '..', command), args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

print('each form prints on A4, its first page holding its title, every column and its totals', async ({ dir, profile, socle }) => {
  const files: string[] = [];
  for (const form of FORMS) {
    const path = join(dir, `${form.name}.xlsx`);
    await exportWorkbook(await socle.readSource(), form.request, path);
    files.push(path);
  }
  const pdfs = convert(files, 'pdf', join(dir, 'pdf'), profile);
  for (const [i, form] of FORMS.entries()) {
    const info = poppler('pdfinfo', ['-f', '1', '-l', '99', pdfs[i]!]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    assert.ok(pages >= 1 && pages <= form.maxPages, `${form.name}: ${pages} pages`);
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.is(sizes.length, pages);
    for (const [w, h] of sizes) {
      // A4 is 595 × 842 pt, either way round (portrait or landscape).
      const [short, long] = [Math.min(w!, h!), Math.max(w!, h!)];
      assert.ok(Math.abs(short - 595.3) < 1.5 && Math.abs(long - 841.9) < 1.5, `${form.name}: a page of ${w} × ${h} pt is not A4`);
    }
    const first = poppler('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfs[i]!, '-']).replace(/\s+/g, ' ');
    for (const text of form.firstPage) assert.ok(first.includes(text), `${form.name}: the first page lacks « ${text} »`);
  }
});

print.run();
