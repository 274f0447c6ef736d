#!/usr/bin/env node
// Runs every uvu suite (test/**/*.test.ts) through tsx, each file in its own process so that one
// suite's servers or handles cannot hang another, two at a time (the machines have 2 cores).
// Prints each suite's output, then one closing line "N passed, N failed, N suites not run" and exits
// non-zero on any failure, crash or timeout. A suite that needs a program this machine lacks
// (LibreOffice, Chromium, docker-compose: test/support/tools.ts) prints one line starting "not run: "
// and exits 0 without running a test; it is counted as not run, not passed. Under CI=true or
// SOCLE_REQUIRE_TOOLS=1 such a suite fails instead. Usage: node scripts/run-tests.js [filter ...]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const FILE_TIMEOUT_MS = 15 * 60 * 1000;
const PARALLEL = Number(process.env.SOCLE_TEST_PARALLEL ?? 2);
const filters = process.argv.slice(2);

function findSuites(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findSuites(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const suites = findSuites(join(ROOT, 'test')).filter(
  (file) => filters.length === 0 || filters.some((f) => relative(ROOT, file).includes(f)),
);

// The signing key (src/app/signing-key.ts) is created on first use: each suite gets its own in a
// temporary folder, so that no test ever writes into the real ~/.config/socle.
const KEYS_DIR = mkdtempSync(join(tmpdir(), 'socle-test-keys-'));
process.on('exit', () => rmSync(KEYS_DIR, { recursive: true, force: true }));

function runSuite(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const keyFile = process.env.SOCLE_KEY_FILE ?? join(KEYS_DIR, relative(ROOT, file).replace(/[^\w.-]+/g, '_'), 'signing-key.pem');
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      // Versions of the read model handed to readers are deep-frozen: a write into one throws.
      env: { ...process.env, FORCE_COLOR: '0', SOCLE_FREEZE_VERSIONS: process.env.SOCLE_FREEZE_VERSIONS ?? '1', SOCLE_KEY_FILE: keyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[run-tests] timed out after ${FILE_TIMEOUT_MS / 1000}s, killed\n`;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const total = sumOf(output, /Total:\s+(\d+)/g);
      const passed = sumOf(output, /Passed:\s+(\d+)/g);
      const skipped = sumOf(output, /Skipped:\s+(\d+)/g);
      // A crash before uvu's summary, or a non-zero exit, counts as one failure at least.
      let failed = total - passed - skipped;
      if (code !== 0 && failed === 0) failed = 1;
      // A suite that ran nothing because a program is missing (exit 0, its one "not run: " line).
      const notRun = code === 0 && total === 0 ? /^not run: .*$/m.exec(output)?.[0] : undefined;
      // Whatever failed says why: a process that died silently gets its exit code or signal named.
      if (failed > 0 && output.trim() === '') output = `[run-tests] no output; exit code ${code ?? 'none'}${child.signalCode ? `, signal ${child.signalCode}` : ''}\n`;
      resolve({ file, code, output, passed, failed, skipped, notRun, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function sumOf(text, pattern) {
  let n = 0;
  for (const m of text.matchAll(pattern)) n += Number(m[1]);
  return n;
}

const results = [];
let next = 0;
async function worker() {
  while (next < suites.length) {
    const file = suites[next++];
    const result = await runSuite(file);
    results.push(result);
    const label = result.failed > 0 ? 'FAIL' : result.notRun ? 'not run' : 'ok  ';
    process.stdout.write(`\n${label} ${relative(ROOT, file)} (${result.passed} passed, ${result.failed} failed, ${result.seconds.toFixed(1)}s)\n`);
    process.stdout.write(result.output.replace(/^/gm, '    ') + '\n');
  }
}
await Promise.all(Array.from({ length: Math.min(PARALLEL, suites.length) }, worker));

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
const failedFiles = results.filter((r) => r.failed > 0).map((r) => relative(ROOT, r.file));
const notRun = results.filter((r) => r.failed === 0 && r.notRun);
if (failedFiles.length) console.log(`\nfailed suites:\n  ${failedFiles.join('\n  ')}`);
if (notRun.length) console.log(`\nsuites not run:\n  ${notRun.map((r) => `${relative(ROOT, r.file)} (${r.notRun})`).join('\n  ')}`);
if (suites.length === 0) console.log('no test suite found');
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${notRun.length ? `, ${notRun.length} suites not run` : ''}`);
process.exit(failed > 0 || suites.length === 0 ? 1 : 0);
