// A full disk: the data folder on a small tmpfs, filled to the last byte. Writes are answered 507
// with a French problem detail (not a bare 500), nothing acknowledged is lost, and writes resume
// once space is freed; the command line says the same in one line. Mounting needs root: like the
// suites that need LibreOffice or docker-compose, this one fails (it does not skip) where it cannot
// run, so CI cannot pass without it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startServer } from '../../src/api/server.ts';
import { Socle } from '../../src/app/socle.ts';
import { TokenStore } from '../../src/auth/token-store.ts';
import { socle as runCli } from '../cli/run-cli.ts';
import { call, createTokens, P, staffTime, type Harness } from './helpers.ts';
import { setUpProgramme } from './helpers.ts';

/** Writes zeros into `path` until the file system refuses (ENOSPC). */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  // The last partial blocks too.
  const small = openSync(path, 'a');
  try {
    for (;;) writeSync(small, Buffer.alloc(512));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(small);
  }
}

test('on a full disk: 507 in French, nothing acknowledged lost, writes resume once space is freed', async () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'socle-disk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(mountPoint);
    assert.unreachable(`le test du disque plein doit monter un tmpfs (mount -t tmpfs), ce qui demande root : ${String((error as Error).message).split('\n')[0]}`);
  }
  const dir = join(mountPoint, 'data');
  const filler = join(mountPoint, 'filler');
  let h: Harness | undefined;
  try {
    const tokenStore = TokenStore.open({ dataDir: dir });
    const socle = await Socle.open({ dataDir: dir, snapshot: false });
    const tokens = createTokens(tokenStore);
    const server = await startServer({ socle, tokens: tokenStore, host: '127.0.0.1', port: 0, webDir: null });
    h = { dir, url: server.url, socle, tokens, tokenStore, server, stop: () => server.close() };
    await setUpProgramme(h);
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) {
      assert.is((await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime(`before${i}`) })).status, 201);
      acknowledged.push(`before${i}`);
    }
    fillUp(filler);

    let full: Awaited<ReturnType<typeof call>> | undefined;
    // Free pages inside the file may take a few more appends; a full disk answers within a few hundred.
    for (let i = 0; i < 2000 && !full; i++) {
      const a = await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime(`c${i}`, { description: 'x'.repeat(2000) }) });
      if (a.status === 201) acknowledged.push(`c${i}`);
      else full = a;
    }
    assert.ok(full, 'the disk filled up');
    assert.is(full!.status, 507, full!.text);
    assert.ok(full!.contentType.startsWith('application/problem+json'));
    assert.is(full!.json.type, 'urn:socle:problem:insufficient-storage');
    assert.is(full!.json.title, 'Espace de stockage insuffisant');
    assert.match(full!.json.detail, /^le disque du serveur est plein : rien n'a été enregistré/);
    // Again while still full: the same answer, not a server that gave up.
    assert.is((await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime('again') })).status, 507);

    // The command line says it in one line too.
    const cli = runCli(['checkpoint', '--data', dir]);
    assert.is(cli.status, 1, cli.stdout + cli.stderr);
    assert.is(cli.stderr.trim(), "socle checkpoint: le disque est plein : rien n'a été enregistré ; libérez de la place puis recommencez (ce qui avait été confirmé est intact)");

    rmSync(filler);
    const resumed = await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime('after', { description: 'x'.repeat(2000) }) });
    assert.is(resumed.status, 201, resumed.text);
    acknowledged.push('after');
    for (const id of acknowledged) {
      const got = await call(h.url, 'GET', `/api/programmes/${P}/contributions/${id}`, { token: h.tokens.coordinator });
      assert.is(got.status, 200, `${id} acknowledged, then lost`);
    }
    const verify = await call(h.url, 'GET', '/api/ledger/verify', { token: h.tokens.auditor });
    assert.is(verify.json.ok, true);
    assert.ok(acknowledged.length >= 6);
  } finally {
    await h?.stop();
    execFileSync('umount', [mountPoint]);
    rmdirSync(mountPoint);
  }
});

test.run();
