// `socle export` as a user runs it, on a real SQLite ledger: an export made with --as-of P after
// more events gives the same figures, position and head hash as the one made when P was the head,
// and so does the command printed on its Provenance sheet; bad input is one line on stderr, a
// non-zero exit, and no file.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { Socle } from '../../src/app/socle.ts';
import { loadScenario } from '../../src/demo/load.ts';
import { demoScenario } from '../../src/demo/scenario.ts';
import { WORKBOOKS } from '../../src/exports/workbook-request.ts';
import { socle as run } from '../cli/run-cli.ts';
import { provenanceOf, readWorkbook, tempDir } from './fixtures.ts';

const cli = suite<{ dir: string; data: string }>('socle export', { dir: '', data: '' });

loudHooks(cli);
cli.before(async (context) => {
  context.dir = tempDir('socle-cli-export-');
  context.data = join(context.dir, 'data');
  const socle = await Socle.open({ dataDir: context.data });
  await loadScenario(socle.commands, demoScenario());
  await socle.close();
});

cli.after((context) => {
  rmSync(context.dir, { recursive: true, force: true });
});

/** Every cell of every sheet as text, but the generation time, which is the one thing allowed to differ. */
function contentsOf(workbook: ExcelJS.Workbook): string[] {
  const lines: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      if (sheet.name === 'Provenance' && row.getCell(1).value === 'Généré le') return;
      row.eachCell({ includeEmpty: false }, (cell) =>
        lines.push(`${sheet.name}!${cell.address}=${JSON.stringify(cell.type === ExcelJS.ValueType.Formula ? [cell.formula, cell.result] : cell.value)}`),
      );
    }),
  );
  return lines;
}

function exportTo(data: string, folder: string, args: string[]): { position: number; hash: string } {
  mkdirSync(folder, { recursive: true });
  const r = run(['export', ...args, '--data', data], { cwd: folder });
  assert.is(r.status, 0, r.stderr);
  const match = /^écrit \S+ \(position (\d+), empreinte ([0-9a-f]{64})\)$/m.exec(r.stdout);
  assert.ok(match, r.stdout);
  return { position: Number(match![1]), hash: match![2]! };
}

cli('an as-of export made after more events equals the export made when that position was the head', async ({ dir, data }) => {
  const before = join(dir, 'before');
  const heads = new Map<string, { position: number; hash: string }>();
  for (const workbook of WORKBOOKS) heads.set(workbook, exportTo(data, before, [workbook, '--programme', 'rafcom', '--out', `${workbook}.xlsx`]));
  const { position, hash } = heads.get('budget')!;
  for (const h of heads.values()) assert.equal(h, { position, hash });

  // More events: a new grant, more staff time, a validation.
  const socle = await Socle.open({ dataDir: data });
  const record = (contributionId: string, content: Parameters<typeof socle.commands.handleContribution>[0] & { type: 'RecordContribution' }) => socle.commands.handleContribution(content, CLI_ACTOR);
  await record('late-grant', { type: 'RecordContribution', programmeId: 'rafcom', contributionId: 'late-grant', content: { partnerId: 'region', kind: 'cash', status: 'actual', date: '2024-12-01', amount: '4321.00', actionId: 'a09' } });
  await record('late-hours', { type: 'RecordContribution', programmeId: 'rafcom', contributionId: 'late-hours', content: { partnerId: 'rafcom', kind: 'staff_time', status: 'actual', date: '2024-12-02', quantity: '12.5', actionId: 'a01', role: 'animateur' } });
  await socle.commands.handleContribution({ type: 'ValidateContribution', programmeId: 'rafcom', contributionId: 'late-hours' }, CLI_ACTOR);
  await socle.close();

  const after = join(dir, 'after');
  const now = join(dir, 'now');
  for (const workbook of WORKBOOKS) {
    const again = exportTo(data, after, [workbook, '--programme', 'rafcom', '--as-of', String(position), '--out', `${workbook}.xlsx`]);
    assert.equal(again, { position, hash });
    const first = await readWorkbook(join(before, `${workbook}.xlsx`));
    const second = await readWorkbook(join(after, `${workbook}.xlsx`));
    assert.equal(contentsOf(second), contentsOf(first), workbook);
    const p = provenanceOf(second);
    assert.is(p.get('Position'), String(position));
    assert.is(p.get('Empreinte'), hash);
    // Today's export is different: the test would notice an as-of that was ignored.
    const today = exportTo(data, now, [workbook, '--programme', 'rafcom', '--out', `${workbook}.xlsx`]);
    assert.ok(today.position > position);
    assert.not.equal(contentsOf(await readWorkbook(join(now, `${workbook}.xlsx`))), contentsOf(first), workbook);
  }
});

cli('the command on the Provenance sheet, pasted as printed, makes the same workbook again', async ({ dir, data }) => {
  const first = join(dir, 'provenance-1');
  exportTo(data, first, ['budget', '--programme', 'rafcom', '--action', 'a02', '--year', '2024', '--status', 'actual', '--codes', 'anc', '--public-cap', '80', '--eu-cap', '60', '--out', 'fiche.xlsx']);
  const original = await readWorkbook(join(first, 'fiche.xlsx'));
  const command = provenanceOf(original).get('Commande')!;
  // The ledger is not in ./data: the command says where it is, as an absolute path.
  assert.match(command, /^npx socle export budget --programme rafcom --year 2024 --action a02 --status actual --codes anc --public-cap 80 --eu-cap 60 --as-of \d+ --out fiche\.xlsx --data (\S+)$/);
  assert.is(/--data (\S+)$/.exec(command)![1], data);
  // Pasted in another folder of the project (npx finds socle there as after npm install), as printed.
  const second = join(dir, 'provenance-2');
  mkdirSync(join(second, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(new URL('../../bin/socle.js', import.meta.url).pathname, join(second, 'node_modules', '.bin', 'socle'));
  const pasted = spawnSync('bash', ['-c', command], { cwd: second, encoding: 'utf8', env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '' } });
  assert.is(pasted.status, 0, pasted.stderr);
  assert.equal(contentsOf(await readWorkbook(join(second, 'fiche.xlsx'))), contentsOf(original));
  // The diff printed under « Changé depuis » names the same folder, and pasted as printed it reads
  // that ledger: from the workbook's own position to the head (nothing recorded since here).
  const since = provenanceOf(original).get('Changé depuis')!;
  const position = provenanceOf(original).get('Position')!;
  const diffCommand = /^(.*) \(ou GET /.exec(since)![1]!;
  assert.is(diffCommand, `npx socle diff --programme rafcom --from ${position} --data ${data}`);
  const diffed = spawnSync('bash', ['-c', diffCommand], { cwd: second, encoding: 'utf8', env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '' } });
  assert.is(diffed.status, 0, diffed.stderr);
  assert.match(diffed.stdout, new RegExp(`^rafcom : de la position ${position}, empreinte [0-9a-f]{64}\n`));
  assert.match(diffed.stdout, /aucun chiffre des totaux n’a changé/);
});

cli('with the ledger in ./data, the command has no --data', async ({ dir, data }) => {
  const project = join(dir, 'project');
  mkdirSync(project);
  cpSync(data, join(project, 'data'), { recursive: true });
  const r = run(['export', 'contributions', '--programme', 'acte3', '--out', 'c.xlsx'], { cwd: project });
  assert.is(r.status, 0, r.stderr);
  const command = provenanceOf(await readWorkbook(join(project, 'c.xlsx'))).get('Commande')!;
  assert.match(command, /^npx socle export contributions --programme acte3 --as-of \d+ --out c\.xlsx$/);
  assert.match(provenanceOf(await readWorkbook(join(project, 'c.xlsx'))).get('Changé depuis')!, /^npx socle diff --programme acte3 --from \d+ \(ou GET /);
});

cli('bad input: one line on stderr, a non-zero exit, nothing written', ({ dir, data }) => {
  const out = join(dir, 'refused');
  mkdirSync(out, { recursive: true });
  const empty = join(dir, 'empty-data');
  const cases: [string[], number, RegExp][] = [
    [['export'], 2, /needs a WORKBOOK/],
    [['export', 'bilan', '--programme', 'rafcom'], 2, /unknown workbook "bilan"/],
    [['export', 'budget'], 2, /a besoin de --programme/],
    [['export', 'budget', '--programme', 'nope'], 1, /programme inconnu : nope/],
    [['export', 'journal', '--programme', 'nope'], 1, /programme inconnu : nope/],
    [['export', 'budget', '--programme', 'rafcom', '--action', 'a99'], 1, /action inconnue dans le programme rafcom : a99/],
    [['export', 'funding-plan', '--programme', 'rafcom', '--applicant', 'nobody'], 1, /demandeur inconnu : nobody/],
    [['export', 'budget', '--programme', 'rafcom', '--as-of', '99999999'], 1, /au-delà de la dernière position du journal/],
    [['export', 'budget', '--programme', 'rafcom', '--year', '24'], 2, /--year doit être un nombre entier de 1900 à 2200, pas « 24 »/],
    [['export', 'budget', '--programme', 'rafcom', '--status', 'maybe'], 2, /planned, actual ou both/],
    [['export', 'contributions', '--programme', 'rafcom', '--status', 'planned'], 2, /ne s’applique pas/],
    [['export', 'budget', '--programme', 'rafcom', '--public-cap', '120'], 2, /pourcentage/],
    [['export', 'budget', '--programme', 'rafcom', '--codes', 'pcg'], 2, /cerfa ou anc/],
    [['export', 'budget', '--programme', 'rafcom', '--colour', 'red'], 2, /^socle export: option inconnue --colour \(voir socle help export\)$/m],
    [['export', 'budget', '--programme', 'rafcom', '--out', join(dir, 'no-such-folder', 'b.xlsx')], 2, /does not exist/],
  ];
  for (const [args, status, message] of cases) {
    const r = run([...args, '--data', data], { cwd: out });
    assert.is(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')} printed ${r.stderr}`);
    assert.equal(readdirSync(out), [], `${args.join(' ')} left ${readdirSync(out).join(', ')}`);
  }
  // No ledger at all: refused without creating one.
  const r = run(['export', 'budget', '--programme', 'rafcom', '--data', empty], { cwd: out });
  assert.is(r.status, 2);
  assert.is(r.stderr.trim(), `socle export: aucun registre dans ${empty} (donnez --data DIR, ou lancez d'abord socle demo)`);
  assert.equal(readdirSync(dir).includes('empty-data'), false);
});

cli.run();
