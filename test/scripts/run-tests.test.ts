// The test runner on a bare machine: with a PATH that has no soffice, chromium or docker-compose, the
// suites that need them are "not run" (one line each, named in the closing summary) and the run
// passes; with SOCLE_REQUIRE_TOOLS=1 (what .ci/run sets) or CI=true the same run fails. Runs the real
// scripts/run-tests.js on the four suites that need those programs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findTool, onPath } from '../support/tools.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNNER = join(ROOT, 'scripts/run-tests.js');
const SUITES = ['test/exports/libreoffice.test.ts', 'test/deploy/compose.test.ts', 'test/web/accessibility.test.ts', 'test/web/contribution-flow.test.ts'];
// An empty folder as the whole PATH: node itself is started by its absolute path (process.execPath).
const BARE_PATH = mkdtempSync(join(tmpdir(), 'socle-bare-path-'));

function runOnBareMachine(extraEnv: Record<string, string>) {
  const result = spawnSync(process.execPath, [RUNNER, ...SUITES], {
    cwd: ROOT,
    env: { ...process.env, PATH: BARE_PATH, CI: '', SOCLE_REQUIRE_TOOLS: '', SOCLE_CHROMIUM: '', ...extraEnv },
    encoding: 'utf8',
    timeout: 3 * 60_000,
  });
  return { status: result.status, stdout: result.stdout + result.stderr };
}

test('the tools are looked up on PATH alone', () => {
  assert.is(onPath('soffice', BARE_PATH), undefined);
  const saved = process.env.PATH;
  process.env.PATH = BARE_PATH;
  try {
    assert.is(findTool('chromium'), undefined);
    assert.is(findTool('docker-compose'), undefined);
  } finally {
    process.env.PATH = saved;
  }
});

test('without soffice, chromium and docker-compose the run passes and names each suite not run', () => {
  const run = runOnBareMachine({});
  assert.is(run.status, 0, run.stdout);
  const closing = run.stdout.trim().split('\n').at(-1);
  assert.is(closing, '0 passed, 0 failed, 4 suites not run');
  const notRunBlock = run.stdout.slice(run.stdout.indexOf('suites not run:'));
  assert.match(notRunBlock, 'test/exports/libreoffice.test.ts (not run: LibreOffice is not installed — apt-get install libreoffice-calc-nogui)');
  assert.match(notRunBlock, 'test/deploy/compose.test.ts (not run: docker-compose is not installed — apt-get install docker-compose)');
  assert.match(notRunBlock, 'test/web/accessibility.test.ts (not run: Chromium is not installed — apt-get install chromium)');
  assert.match(notRunBlock, 'test/web/contribution-flow.test.ts (not run: Chromium is not installed — apt-get install chromium)');
});

test('with SOCLE_REQUIRE_TOOLS=1 the same run fails, each suite saying what is missing', () => {
  const run = runOnBareMachine({ SOCLE_REQUIRE_TOOLS: '1' });
  assert.is.not(run.status, 0);
  assert.is(run.stdout.trim().split('\n').at(-1), '0 passed, 4 failed');
  for (const suite of SUITES) assert.match(run.stdout, `FAIL ${suite}`);
  assert.match(run.stdout, 'FAIL (CI=true or SOCLE_REQUIRE_TOOLS=1): not run: LibreOffice is not installed');
});

test('CI=true requires them too', () => {
  const run = runOnBareMachine({ CI: 'true' });
  assert.is.not(run.status, 0);
  assert.is(run.stdout.trim().split('\n').at(-1), '0 passed, 4 failed');
});

test('a pointless SOCLE_CHROMIUM is said so', () => {
  const run = spawnSync(process.execPath, [RUNNER, 'test/web/accessibility.test.ts'], {
    cwd: ROOT,
    env: { ...process.env, CI: '', SOCLE_REQUIRE_TOOLS: '', SOCLE_CHROMIUM: '/nowhere/chromium' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.is(run.status, 0, run.stdout);
  assert.match(run.stdout, 'not run: Chromium is not installed (SOCLE_CHROMIUM=/nowhere/chromium is not an executable)');
});

test.run();
