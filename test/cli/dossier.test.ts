// `socle dossier`: the applicant's workbooks zipped with a manifest, and `socle dossier verify`,
// which makes them again from the ledger: a true dossier passes, a changed workbook (even with the
// manifest's sha256 recomputed) or a missing one fails and is named; bad requests write nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-dossier-');
const data = join(work, 'data');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

test('given the demo ledger, a dossier holds the applicant’s form, its fiches, its contributions and a manifest that verifies', async () => {
  assert.is(socle(['demo', '--data', data, '--out', join(work, 'out')]).status, 0);
  const zipPath = join(work, 'detr.zip');
  const made = socle(['dossier', '--programme', 'rafcom', '--applicant', 'rafcom', '--action', 'a05', '--out', zipPath, '--data', data]);
  assert.is(made.status, 0, made.stderr);
  assert.match(made.stdout, /^écrit .*detr\.zip \(position \d+, empreinte [0-9a-f]{64}\) : formulaire-plan-de-financement\.xlsx, fiches-action\.xlsx, contributions\.xlsx et manifeste\.json$/m);
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  assert.equal(Object.keys(zip.files).sort(), ['contributions.xlsx', 'fiches-action.xlsx', 'formulaire-plan-de-financement.xlsx', 'manifeste.json']);
  const manifest = JSON.parse(await zip.file('manifeste.json')!.async('string'));
  assert.is(manifest.form, 'plan-de-financement');
  assert.is(manifest.applicantId, 'rafcom');
  for (const file of manifest.files) assert.is(sha256(await zip.file(file.name)!.async('uint8array')), file.sha256, file.name);
  assert.match(manifest.command, new RegExp(`^npx socle dossier --programme rafcom --applicant rafcom --action a05 --as-of ${manifest.position} --out detr\\.zip --data `));
  // The form inside is the plan de financement, stamped with the manifest's position.
  const form = new ExcelJS.Workbook();
  await form.xlsx.load((await zip.file('formulaire-plan-de-financement.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
  assert.ok(form.getWorksheet('Plan de financement'));
  let position = '';
  form.getWorksheet('Provenance')!.eachRow((row) => {
    if (row.getCell(1).value === 'Position') position = String(row.getCell(2).value);
  });
  assert.is(position, String(manifest.position));

  const verified = socle(['dossier', 'verify', zipPath, '--data', data]);
  assert.is(verified.status, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, new RegExp(`^ok : les 3 fichiers sont ceux du registre à la position ${manifest.position} `, 'm'));
});

test('when a figure is changed in a workbook of the dossier, even with the manifest recomputed, verify names that file', async () => {
  const zipPath = join(work, 'detr.zip');
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await zip.file('contributions.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Contributions')!;
  sheet.getCell('A1').value = 'Tableau retouché';
  const changed = Buffer.from(await workbook.xlsx.writeBuffer());
  zip.file('contributions.xlsx', changed);
  const manifest = JSON.parse(await zip.file('manifeste.json')!.async('string'));
  for (const file of manifest.files) if (file.name === 'contributions.xlsx') file.sha256 = sha256(changed);
  zip.file('manifeste.json', JSON.stringify(manifest));
  const forged = join(work, 'forged.zip');
  writeFileSync(forged, await zip.generateAsync({ type: 'nodebuffer' }));
  const verified = socle(['dossier', 'verify', forged, '--data', data]);
  assert.is(verified.status, 1);
  assert.match(verified.stdout, /^diffère : contributions\.xlsx /m);
  assert.not.match(verified.stdout, /diffère : fiches-action/);
  assert.match(verified.stdout, /^non conforme : /m);

  zip.remove('fiches-action.xlsx');
  const cut = join(work, 'cut.zip');
  writeFileSync(cut, await zip.generateAsync({ type: 'nodebuffer' }));
  const again = socle(['dossier', 'verify', cut, '--data', data]);
  assert.is(again.status, 1);
  assert.match(again.stdout, /^manquant : fiches-action\.xlsx/m);
});

test('bad requests get one French line, exit 2, and write nothing', () => {
  const before = readdirSync(work).sort();
  const cases: [string[], RegExp][] = [
    [['--programme', 'rafcom', '--applicant', 'nobody', '--out', join(work, 'x.zip')], /demandeur inconnu : nobody n’est pas partenaire du programme rafcom/],
    [['--programme', 'rafcom', '--out', join(work, 'x.zip')], /socle dossier demande --applicant ID/],
    [['--programme', 'rafcom', '--applicant', 'rafcom', '--action', 'zz', '--out', join(work, 'x.zip')], /action inconnue|zz/],
    [['--programme', 'rafcom', '--applicant', 'rafcom', '--status', 'soon', '--out', join(work, 'x.zip')], /--status prend planned, actual ou both, pas « soon »/],
    [['--programme', 'rafcom', '--applicant', 'rafcom', '--out', join(work, 'detr.zip')], /existe déjà/],
  ];
  for (const [args, message] of cases) {
    const result = socle(['dossier', ...args, '--data', data]);
    assert.is.not(result.status, 0, args.join(' '));
    assert.match(result.stderr, message, args.join(' '));
    assert.is(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  }
  assert.equal(readdirSync(work).sort(), before);
  const notZip = join(work, 'not-a-zip.zip');
  writeFileSync(notZip, 'bonjour');
  const refused = socle(['dossier', 'verify', notZip, '--data', data]);
  assert.is.not(refused.status, 0);
  assert.match(refused.stderr, /n’est pas un dossier Socle/);
  assert.is(existsSync(join(work, 'x.zip')), false);
});

test.run();
