// Help and usage: `socle --help` lists every command (token list and revoke, the four workbooks
// included); `socle help CMD` and `socle CMD --help` print that command's usage, options and
// examples; `socle --version`; `socle` alone or a wrong command prints usage on stderr with exit 2.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { socle, tempDir } from './run-cli.ts';

const COMMANDS = ['demo', 'serve', 'token', 'export', 'totals', 'verify', 'log', 'service'];
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

test('socle --help lists every command, token list and revoke, and the five workbooks (the service workbook of issue 15 among them), on stdout', () => {
  const r = socle(['--help']);
  assert.is(r.status, 0);
  assert.is(r.stderr, '');
  for (const name of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'), name);
  for (const line of ['socle token list', 'socle token revoke ID', 'socle log export --out FICHIER', 'socle log import FICHIER']) assert.ok(r.stdout.includes(line), line);
  assert.match(r.stdout, 'contributions, budget, funding-plan, journal ou service');
  assert.is(socle(['-h']).stdout, r.stdout);
  assert.is(socle(['help']).stdout, r.stdout);
});

test('socle help CMD and socle CMD --help print the same usage, options and examples', () => {
  for (const name of COMMANDS) {
    const help = socle(['help', name]);
    assert.is(help.status, 0, name);
    assert.ok(help.stdout.startsWith(`socle ${name} — `), help.stdout);
    for (const heading of ['usage :', 'options :', 'exemples :']) assert.match(help.stdout, new RegExp(`^${heading}$`, 'm'), `${name}: ${heading}`);
    assert.match(help.stdout, /^  npx socle /m, `${name} has an example`);
    assert.match(help.stdout, /--data DIR/, `${name} names --data`);
    // --help wins over whatever else is on the line, and runs nothing.
    const flag = socle([name, '--help', '--no-such-option']);
    assert.is(flag.status, 0, `${name} --help: ${flag.stderr}`);
    assert.is(flag.stdout, help.stdout, `${name} --help`);
  }
  const exportHelp = socle(['export', '--help']).stdout;
  for (const option of ['--programme ID', '--year AAAA', '--action ID', '--applicant ID', '--as-of POSITION', '--out FICHIER', '--status S', '--include I', '--codes C', '--public-cap P', '--in-kind-eligible', '--chef-de-file'])
    assert.ok(exportHelp.includes(`  ${option}`), option);
  const tokenHelp = socle(['token', 'revoke', '--help']).stdout;
  assert.match(tokenHelp, 'socle token list');
  assert.match(tokenHelp, 'socle token revoke ID');
});

test('--help runs nothing: no data folder is created', () => {
  const cwd = tempDir('socle-help-');
  assert.is(socle(['demo', '--help'], { cwd }).status, 0);
  assert.is(socle(['serve', '-h'], { cwd }).status, 0);
  assert.equal(readdirSync(cwd), []);
});

test('socle --version prints the package version', () => {
  const r = socle(['--version']);
  assert.is(r.status, 0);
  assert.is(r.stdout, `socle ${pkg.version}\n`);
});

test('socle alone prints usage on stderr, exit 2, nothing on stdout', () => {
  const r = socle([]);
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^usage : socle COMMANDE/m);
});

test('a wrong command says so first, then the usage, on stderr, exit 2', () => {
  const r = socle(['exprot']);
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.is(r.stderr.split('\n')[0], 'socle: commande inconnue « exprot » (voir socle --help)');
  assert.match(r.stderr, /^usage : socle COMMANDE/m);
  const help = socle(['help', 'exprot']);
  assert.is(help.status, 2);
  assert.is(help.stderr.trim(), "socle: pas d'aide pour « exprot » : ce n'est pas une commande (voir socle --help)");
});

test('a mistyped option is one French line naming the command whose help to read', () => {
  const r = socle(['totals', '--programe', 'rafcom']);
  assert.is(r.status, 2);
  assert.is(r.stderr.trim(), 'socle totals: option inconnue --programe (voir socle help totals)');
  assert.is(socle(['export', 'budget', '--year']).stderr.trim(), 'socle export: --year attend une valeur');
  assert.is(socle(['serve', '--no-snapshot=1']).stderr.trim(), 'socle serve: --no-snapshot ne prend pas de valeur');
});

test.run();
