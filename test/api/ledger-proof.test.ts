// GET /api/ledger/proof over a real server: an auditor holding only an old stamp checks, with the
// standalone script of docs/examples (nothing of Socle's code), that today's log extends it; a
// proof altered on the way, or checked against another stamp, fails. Roles and bad queries too.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { signLedgerHead } from '../../src/app/checkpoint-signer.ts';
import { checkLedgerProof } from '../../src/store/log-merkle.ts';
import { rowHash } from '../../src/store/row-hash.ts';
import type { StoredRow } from '../../src/store/stored-row.ts';
import { call, P, setUpProgramme, staffTime, startHarness } from './helpers.ts';

const SCRIPT = new URL('../../docs/examples/verify-proof.mjs', import.meta.url).pathname;

function script(stamp: string, proof: unknown, dir: string) {
  const file = join(dir, `proof-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(proof));
  return spawnSync(process.execPath, [SCRIPT, stamp, file], { encoding: 'utf8' });
}

test('an old stamp is proven extended by the log of today, checked by the standalone script', async () => {
  const h = await startHarness();
  try {
    await setUpProgramme(h);
    const stamp = await h.socle.store.head();
    for (let i = 0; i < 23; i++) {
      const a = await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime(`c${i}`) });
      assert.is(a.status, 201, a.text);
    }
    const head = await h.socle.store.head();
    assert.is(head.position, stamp.position + 23);
    for (const token of [h.tokens.auditor, h.tokens.coordinator]) {
      const answer = await call(h.url, 'GET', `/api/ledger/proof?from=${stamp.position}`, { token });
      assert.is(answer.status, 200, answer.text);
      const proof = answer.json;
      assert.equal(proof.from.position, stamp.position);
      assert.equal(proof.from.headHash, stamp.hash);
      assert.equal(proof.to, { position: head.position, headHash: head.hash, root: proof.to.root });
      assert.ok(checkLedgerProof(proof, { position: stamp.position, headHash: stamp.hash }));
      const run = script(`${stamp.position}:${stamp.hash}`, proof, h.dir);
      assert.is(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^ok : le journal de ${head.position} événements`));

      // Altered on the way: any proof hash, a root, or a stamp the log never had.
      const altered = structuredClone(proof);
      altered.consistency[0] = altered.consistency[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
      assert.is(script(`${stamp.position}:${stamp.hash}`, altered, h.dir).status, 1);
      const otherRoot = { ...proof, to: { ...proof.to, root: proof.from.root } };
      assert.is(script(`${stamp.position}:${stamp.hash}`, otherRoot, h.dir).status, 1);
      assert.is(script(`${stamp.position}:${'a'.repeat(64)}`, proof, h.dir).status, 1);
      assert.not.ok(checkLedgerProof(altered, { position: stamp.position, headHash: stamp.hash }));
    }
    // Between two given positions, and from the empty log.
    const between = await call(h.url, 'GET', `/api/ledger/proof?from=3&to=${stamp.position + 5}`, { token: h.tokens.auditor });
    assert.is(between.status, 200);
    assert.is(between.json.to.position, stamp.position + 5);
    assert.is(script(`3:${(await h.socle.store.head(3)).hash}`, between.json, h.dir).status, 0);
    const fromEmpty = await call(h.url, 'GET', '/api/ledger/proof?from=0', { token: h.tokens.auditor });
    assert.is(fromEmpty.json.consistency.length, 0);
  } finally {
    await h.stop();
  }
});

test('treasurers and partners get 403; a position beyond the head or reversed is a French 400', async () => {
  const h = await startHarness();
  try {
    await setUpProgramme(h);
    for (const token of [h.tokens.treasurer, h.tokens.partner]) assert.is((await call(h.url, 'GET', '/api/ledger/proof?from=1', { token })).status, 403);
    const head = (await h.socle.store.head()).position;
    const cases: [string, RegExp][] = [
      [`from=1&to=${head + 1}`, new RegExp(`la position ${head + 1} est au-delà de la tête du journal \\(${head}\\)`)],
      ['from=5&to=2', /from \(5\) doit être au plus to \(2\)/],
      ['from=abc', /une position du journal/],
      ['', /from/],
    ];
    for (const [query, detail] of cases) {
      const answer = await call(h.url, 'GET', `/api/ledger/proof?${query}`, { token: h.tokens.auditor });
      assert.is(answer.status, 400, query);
      assert.ok(answer.contentType.startsWith('application/problem+json'));
      assert.match(JSON.stringify(answer.json), detail, query);
    }
  } finally {
    await h.stop();
  }
});

test('the API verify checks the signed checkpoints: a log re-hashed from an old row is ok false, and says why', async () => {
  const h = await startHarness();
  try {
    await setUpProgramme(h);
    for (let i = 0; i < 5; i++) await call(h.url, 'POST', `/api/programmes/${P}/contributions`, { token: h.tokens.coordinator, body: staffTime(`c${i}`) });
    const signed = await signLedgerHead(h.socle.store, h.socle.merkle, h.dir);
    assert.ok(signed?.written);
    const clean = await call(h.url, 'GET', '/api/ledger/verify', { token: h.tokens.auditor });
    assert.equal(clean.json, { ok: true, events: signed!.eventPosition, headHash: (await h.socle.store.head()).hash, checkpoints: 1 });

    // Quantity of the first contribution raised, every later hash recomputed, in the live file.
    const db = new Database(join(h.dir, 'socle.sqlite'));
    db.exec('DROP TRIGGER events_are_immutable_update');
    const rows = db.prepare(`SELECT position, id, stream, stream_version AS streamVersion, type, schema_version AS schemaVersion, data, metadata, recorded_at AS recordedAt, hash FROM events ORDER BY position`).all() as StoredRow[];
    const target = rows.find((row) => row.type === 'ContributionRecorded')!.position;
    let previous = rows[target - 2]!.hash;
    for (const row of rows.slice(target - 1)) {
      if (row.position === target) row.data = row.data.replace('"quantity":"2.5"', '"quantity":"9999"');
      previous = rowHash(previous, row);
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run(row.data, previous, row.position);
    }
    db.close();
    const caught = await call(h.url, 'GET', '/api/ledger/verify', { token: h.tokens.auditor });
    assert.is(caught.status, 200);
    assert.is(caught.json.ok, false);
    assert.is(caught.json.firstBadPosition, undefined, 'the chain itself holds');
    assert.match(caught.json.problem, new RegExp(`^le journal ne prolonge pas le point de contrôle signé le \\S+ : il a été réécrit entre les positions 1 et ${signed!.checkpoint.position}`));
  } finally {
    await h.stop();
  }
});

test.run();
