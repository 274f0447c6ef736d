// Commands that read a ledger refuse a data folder that holds none, and create nothing (a mistyped
// --data used to answer "ok 0 000…" and leave a new socle.sqlite); `totals` refuses a position
// beyond the head and an unknown action exactly as `export` does, through the same checks
// (resolveAsOf in src/app/read-sources.ts, requireAction in src/read-model/ledger.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-no-ledger-');
const data = join(work, 'data');

const refusal = (dir: string) => `aucun registre dans ${dir} (donnez --data DIR, ou lancez d'abord socle demo)`;

test('verify, totals, export and log export refuse a folder without a ledger, exit 2, create nothing', () => {
  const typo = join(work, 'typo');
  const commands: [string, string[]][] = [
    ['verify', ['verify']],
    ['totals', ['totals', '--programme', 'rafcom']],
    ['export', ['export', 'budget', '--programme', 'rafcom', '--out', join(work, 'b.xlsx')]],
    ['export', ['export', 'journal', '--programme', 'rafcom', '--out', join(work, 'j.xlsx')]],
    ['log', ['log', 'export', '--out', join(work, 'ledger.jsonl')]],
  ];
  for (const [name, args] of commands) {
    const r = socle([...args, '--data', typo], { cwd: work });
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim(), `socle ${name}: ${refusal(typo)}`);
    assert.is(r.stdout, '');
    assert.equal(readdirSync(work), [], `${args.join(' ')} left ${readdirSync(work).join(', ')}`);
  }
});

test('an existing folder without a ledger is refused too, and stays empty', () => {
  const r = socle(['verify', '--data', work], { cwd: work });
  assert.is(r.status, 2);
  assert.is(r.stderr.trim(), `socle verify: ${refusal(work)}`);
  assert.equal(readdirSync(work), []);
});

test('the default folder is named when --data is not given', () => {
  const r = socle(['verify'], { cwd: work });
  assert.is(r.status, 2);
  assert.is(r.stderr.trim(), `socle verify: ${refusal('./data')}`);
  assert.not.ok(existsSync(join(work, 'data')));
});

test('a token made before any ledger exists creates no ledger', () => {
  const tokensOnly = join(work, 'tokens-only');
  const r = socle(['token', 'create', '--role', 'partner', '--partner', 'orditous', '--data', tokensOnly]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /no programme has a partner "orditous"/);
  assert.not.ok(existsSync(join(tokensOnly, 'socle.sqlite')));
});

test('with a ledger: totals refuses --as-of beyond the head and an unknown --action as export does', () => {
  const demo = socle(['demo', '--data', data, '--out', join(work, 'out')]);
  assert.is(demo.status, 0, demo.stderr);
  const events = Number(lastLine(socle(['verify', '--data', data]).stdout).split(' ')[1]);
  assert.ok(events > 100);
  const beyond = String(events + 1);
  const pairs: [string[], string[]][] = [
    [['totals', '--programme', 'rafcom', '--as-of', beyond], ['export', 'budget', '--programme', 'rafcom', '--as-of', beyond, '--out', join(work, 'x.xlsx')]],
    [['totals', '--programme', 'rafcom', '--action', 'zz'], ['export', 'budget', '--programme', 'rafcom', '--action', 'zz', '--out', join(work, 'x.xlsx')]],
    [['totals', '--programme', 'rafcom', '--action', 'zz'], ['export', 'contributions', '--programme', 'rafcom', '--action', 'zz', '--out', join(work, 'x.xlsx')]],
  ];
  for (const [totalsArgs, exportArgs] of pairs) {
    const totals = socle([...totalsArgs, '--data', data]);
    const exported = socle([...exportArgs, '--data', data]);
    assert.is(totals.stdout, '', totalsArgs.join(' '));
    assert.is.not(totals.status, 0, totalsArgs.join(' '));
    assert.is(totals.status, exported.status, `${totalsArgs.join(' ')} and ${exportArgs.join(' ')}`);
    // The same message, from the same check: only the command's name differs.
    assert.is(totals.stderr.replace('socle totals: ', ''), exported.stderr.replace('socle export: ', ''));
    assert.not.ok(existsSync(join(work, 'x.xlsx')));
  }
  assert.match(socle(['totals', '--programme', 'rafcom', '--as-of', beyond, '--data', data]).stderr, new RegExp(`au-delà de la dernière position du journal \\(${events}\\)`));
  assert.match(socle(['totals', '--programme', 'rafcom', '--action', 'zz', '--data', data]).stderr, /action inconnue dans le programme rafcom : zz/);
  // At the head itself, and with a real action, totals answers.
  const atHead = socle(['totals', '--programme', 'rafcom', '--as-of', String(events), '--action', 'a02', '--data', data]);
  assert.is(atHead.status, 0, atHead.stderr);
  assert.is(JSON.parse(atHead.stdout).asOf.position, events);
});

test.run();
