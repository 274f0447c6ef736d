// Tampering as someone holding the data folder would (issue 21), each caught and named:
// the last rows deleted, an old row changed and every later hash recomputed, a row damaged,
// a row made unappliable and re-hashed. The demo ledger, the real `socle` command, SQLite files
// edited by hand with the immutability triggers dropped first.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../../src/domain/canonical-json.ts';
import { rowHash } from '../../src/store/row-hash.ts';
import type { StoredRow } from '../../src/store/stored-row.ts';
import { lastLine, socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-witnesses-');
const original = join(work, 'original');
const out = join(work, 'out');
let copies = 0;

function copyOfLedger(): string {
  const dir = join(work, `copy-${++copies}`);
  cpSync(original, dir, { recursive: true });
  return dir;
}

function editor(dir: string): Database.Database {
  const db = new Database(join(dir, 'socle.sqlite'));
  db.exec('DROP TRIGGER IF EXISTS events_are_immutable_update; DROP TRIGGER IF EXISTS events_are_immutable_delete;');
  return db;
}

/** Changes the row at `position` and recomputes its hash and every later one, as a careful forger would. */
function rewriteFrom(dir: string, position: number, change: (data: Record<string, unknown>) => void): void {
  const db = editor(dir);
  try {
    const rows = db
      .prepare(`SELECT position, id, stream, stream_version AS streamVersion, type, schema_version AS schemaVersion, data, metadata, recorded_at AS recordedAt, hash FROM events WHERE position >= ? - 1 ORDER BY position`)
      .all(position) as StoredRow[];
    let previous = rows[0]!.hash;
    const update = db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?');
    db.transaction(() => {
      for (const row of rows.slice(1)) {
        if (row.position === position) {
          const data = JSON.parse(row.data) as Record<string, unknown>;
          change(data);
          row.data = canonicalJson(data);
        }
        previous = rowHash(previous, row);
        update.run(row.data, previous, row.position);
      }
    })();
  } finally {
    db.close();
  }
}

function stderrLine(result: { stderr: string }): string {
  const lines = result.stderr.trim().split('\n');
  assert.is(lines.length, 1, result.stderr);
  return lines[0]!;
}

let demoHead = 0;
let budget = '';
let journal = '';
let signedAt = '';

test('set-up: the demo signs a checkpoint, an export stamps a workbook', () => {
  const demo = socle(['demo', '--data', original, '--out', out]);
  assert.is(demo.status, 0, demo.stderr);
  const signed = /point de contrôle signé : position (\d+), racine de Merkle [0-9a-f]{64} \(événement (\d+)\)/.exec(demo.stdout);
  assert.ok(signed, demo.stdout);
  demoHead = Number(signed![1]);
  assert.is(Number(signed![2]), demoHead + 1, 'the checkpoint is the event right after the head it signs');
  budget = join(work, 'budget.xlsx');
  journal = join(work, 'journal.xlsx');
  for (const [workbook, file, extra] of [['budget', budget, ['--action', 'a02', '--year', '2025']], ['journal', journal, []]] as const) {
    const exported = socle(['export', workbook, '--programme', 'rafcom', ...extra, '--out', file, '--data', original]);
    assert.is(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, new RegExp(`position ${demoHead + 1}\\b`), 'no second checkpoint: the head already was one');
  }
  const again = socle(['checkpoint', '--data', original]);
  assert.match(again.stdout, /^le journal se termine déjà par un point de contrôle signé \(position \d+, .*\) : rien d’écrit\n$/);
  signedAt = /signé le (\S+)\)/.exec(again.stdout)![1]!;
  const verified = socle(['verify', '--data', original]);
  assert.is(verified.status, 0, verified.stderr);
  assert.match(lastLine(verified.stdout), new RegExp(`^ok ${demoHead + 1} [0-9a-f]{64}$`));
  const against = socle(['verify', '--data', original, '--against', budget]);
  assert.is(against.status, 0, against.stderr);
  assert.match(against.stdout, /^le journal \(\d+ événements\) prolonge le tampon \d+:[0-9a-f]{64} de .*budget\.xlsx \(preuve de Merkle de \d+ empreintes vérifiée\)\nok /);
});

test('tail deletion: verify says the log was cut short (the witness beside the key), and so does the workbook', () => {
  // In place, as the forger would: the witness names the ledger by its folder. Put back after.
  const backup = copyOfLedger();
  const dir = original;
  try {
  const db = editor(dir);
  db.prepare('DELETE FROM events WHERE position > (SELECT MAX(position) FROM events) - 6').run();
  db.close();
  const left = demoHead + 1 - 6;
  const chain = socle(['verify', '--data', dir]);
  assert.is(chain.status, 1);
  assert.is(chain.stdout, '');
  assert.is(stderrLine(chain), `socle verify : le journal a été raccourci : le dernier point de contrôle signé (le ${signedAt}, gardé à côté de la clé) atteste ${demoHead} événements, il n'en reste que ${left}`);
  // Someone without the operator's key folder (an auditor) holds only the funder's workbook: enough.
  const elsewhere = { SOCLE_KEY_FILE: join(work, 'auditor', 'no-key.pem') };
  const plain = socle(['verify', '--data', dir], { env: elsewhere });
  assert.is(plain.status, 0, 'with neither witness nor stamp, a clean cut leaves nothing to compare with');
  const stamped = socle(['verify', '--data', dir, '--against', budget], { env: elsewhere });
  assert.is(stamped.status, 1);
  assert.match(stderrLine(stamped), new RegExp(`^socle verify : le journal a été raccourci : le tampon ${demoHead + 1}:[0-9a-f]{12}… \\(.*budget\\.xlsx\\) atteste ${demoHead + 1} événements, il n'en reste que ${left}$`));
  } finally {
    rmSync(original, { recursive: true });
    cpSync(backup, original, { recursive: true });
  }
  assert.is(socle(['verify', '--data', original]).status, 0);
});

test('an old row changed and every later hash recomputed: the chain holds, the signed checkpoint does not', () => {
  const dir = copyOfLedger();
  const db = new Database(join(dir, 'socle.sqlite'), { readonly: true });
  // A rafcom contribution early in the log, so that the journal workbook lists it.
  const target = (db.prepare(`SELECT MIN(position) AS p FROM events WHERE type = 'ContributionRecorded' AND data LIKE '%"programmeId":"rafcom"%' AND data LIKE '%"quantity":"%' AND position > 100`).get() as { p: number }).p;
  db.close();
  rewriteFrom(dir, target, (data) => {
    (data.content as { quantity: string }).quantity = '9999';
  });
  const result = socle(['verify', '--data', dir]);
  assert.is(result.status, 1);
  assert.match(stderrLine(result), new RegExp(`^socle verify : le journal ne prolonge pas le point de contrôle signé le \\S+ : il a été réécrit entre les positions 1 et ${demoHead} \\(à la position ${demoHead}, l'empreinte est [0-9a-f]{12}… au lieu de [0-9a-f]{12}…\\)$`));
  // The journal workbook lists every rafcom event's hash: the divergence is found exactly.
  const located = socle(['verify', '--data', dir, '--against', journal], { env: { SOCLE_KEY_FILE: join(work, 'auditor', 'no-key.pem') } });
  assert.is(located.status, 1, located.stderr);
  assert.match(stderrLine(located), new RegExp(`: il diverge à la position ${target} \\(`));
});

test('a text stamp POSITION:HEADHASH: the true one is extended, a wrong one is not', () => {
  const db = new Database(join(original, 'socle.sqlite'), { readonly: true });
  const at500 = (db.prepare('SELECT hash FROM events WHERE position = 500').get() as { hash: string }).hash;
  db.close();
  const extended = socle(['verify', '--data', original, '--against', `500:${at500}`]);
  assert.is(extended.status, 0, extended.stderr);
  assert.match(extended.stdout, new RegExp(`^le journal \\(${demoHead + 1} événements\\) prolonge le tampon 500:${at500} \\(preuve de Merkle de \\d+ empreintes vérifiée\\)\n`));
  const wrong = socle(['verify', '--data', original, '--against', `500:${'0'.repeat(64)}`]);
  assert.is(wrong.status, 1);
  assert.match(stderrLine(wrong), /^socle verify : le journal ne prolonge pas le tampon 500:000000000000… : il a été réécrit entre les positions 1 et 500 \(à la position 500, l'empreinte est [0-9a-f]{12}… au lieu de 000000000000…\)$/);
  const beyond = socle(['verify', '--data', original, '--against', `${demoHead + 5}:${at500}`]);
  assert.match(stderrLine(beyond), new RegExp(`le journal a été raccourci : le tampon ${demoHead + 5}:[0-9a-f]{12}… atteste ${demoHead + 5} événements, il n'en reste que ${demoHead + 1}$`));
});

test('a damaged row: verify names its position; totals, export and serve say the sentence and exit non-zero', () => {
  const dir = copyOfLedger();
  const db = editor(dir);
  db.prepare(`UPDATE events SET data = '{"programmeId": broken' WHERE position = 40`).run();
  db.close();
  const verified = socle(['verify', '--data', dir]);
  assert.is(verified.status, 1);
  assert.is(stderrLine(verified), `socle verify : la chaîne d'empreintes est rompue à la position 40 (sur ${demoHead + 1} événements) : le journal a été modifié à cet endroit`);
  for (const args of [
    ['totals', '--programme', 'rafcom'],
    ['export', 'budget', '--programme', 'rafcom', '--out', join(work, 'never.xlsx')],
    ['serve', '--port', '0', '--no-snapshot'],
  ]) {
    const result = socle([...args, '--data', dir]);
    assert.is.not(result.status, 0, args[0]);
    assert.match(stderrLine(result), /^socle \w+: l'événement à la position 40 est illisible \(.+\) ; lancez socle verify$/, args[0]);
  }
});

test('a row the read model cannot apply, re-hashed after: verify replays and names it', () => {
  const dir = copyOfLedger();
  const db = new Database(join(dir, 'socle.sqlite'), { readonly: true });
  const target = (db.prepare(`SELECT MIN(position) AS p FROM events WHERE type = 'ContributionRecorded' AND data LIKE '%"quantity":"%'`).get() as { p: number }).p;
  db.close();
  rewriteFrom(dir, target, (data) => {
    (data.content as { quantity: string }).quantity = 'abc';
  });
  const result = socle(['verify', '--data', dir]);
  assert.is(result.status, 1);
  assert.match(stderrLine(result), new RegExp(`^socle verify : l'événement à la position ${target} est illisible \\(.+\\) : le journal est endommagé à cet endroit`));
  const totals = socle(['totals', '--programme', 'rafcom', '--data', dir]);
  assert.is(totals.status, 1);
  assert.match(stderrLine(totals), new RegExp(`l'événement à la position ${target} est illisible \\(.+\\) ; lancez socle verify$`));
});

test('an auditor checks the checkpoints with the public key alone; another key, or a forged checkpoint, is named', () => {
  const publicKey = `${process.env.SOCLE_KEY_FILE}.pub`;
  const withPublic = socle(['verify', '--data', original, '--key', publicKey]);
  assert.is(withPublic.status, 0, withPublic.stderr);
  const otherKey = join(work, 'other', 'key.pem');
  assert.is(socle(['checkpoint', '--data', copyOfLedger(), '--key', otherKey]).status, 0, 'creates the other key');
  const other = socle(['verify', '--data', original, '--key', otherKey]);
  assert.is(other.status, 1);
  assert.match(stderrLine(other), new RegExp(`^socle verify : le point de contrôle de la position ${demoHead + 1} est signé par une autre clé \\([0-9a-f]{16}\\) que la vôtre`));
  // A checkpoint claiming another head, its signature left as it was, the chain re-hashed.
  const dir = copyOfLedger();
  rewriteFrom(dir, demoHead + 1, (data) => {
    data.merkleRoot = 'a'.repeat(64);
  });
  const forged = socle(['verify', '--data', dir]);
  assert.is(forged.status, 1);
  assert.is(stderrLine(forged), `socle verify : la signature du point de contrôle de la position ${demoHead + 1} n'est pas valide : il a été fabriqué ou modifié`);
});

test('bad stamps are one French line and exit 2', () => {
  for (const stamp of ['12:xyz', join(work, 'missing.xlsx'), work]) {
    const result = socle(['verify', '--data', original, '--against', stamp]);
    assert.is(result.status, 2, stamp);
    assert.match(stderrLine(result), /^socle verify: /);
  }
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
