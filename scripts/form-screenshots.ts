// Pictures of each funder's form as it prints: runs `socle demo` into a temporary folder, prints the
// forms it writes (src/demo/forms.ts) and a fiche action with LibreOffice, and saves each first page
// as a PNG in docs/screenshots/forms/ (docs/workbooks.md shows them). Needs LibreOffice and
// poppler-utils (pdftoppm), like the print test.
//   node --import tsx scripts/form-screenshots.ts
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/screenshots/forms');
const FORMS = ['plan-de-financement-rafcom-a05', 'cerfa-12156-rafcom-a11-2026', 'compte-rendu-15059-rafcom-a11-2024', 'funding-plan-acte3'];

const work = mkdtempSync(join(tmpdir(), 'socle-screens-'));
try {
  execFileSync(process.execPath, [join(ROOT, 'bin/socle.js'), 'demo', '--data', join(work, 'data'), '--out', join(work, 'out'), '--key', join(work, 'key.pem')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const files = FORMS.map((name) => join(work, 'out', `${name}.xlsx`));
  execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'lo')}`, '--headless', '--convert-to', 'pdf', '--outdir', join(work, 'pdf'), ...files], { stdio: 'ignore' });
  mkdirSync(OUT, { recursive: true });
  for (const name of FORMS) {
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', join(work, 'pdf', `${name}.pdf`), join(work, name)]);
    copyFileSync(join(work, `${name}.png`), join(OUT, `${name}.png`));
    console.log(`écrit docs/screenshots/forms/${name}.png`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
