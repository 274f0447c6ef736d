// A running server whose log gets a row it cannot read (written into the file by someone else):
// reads answer 503 naming the position and `socle verify`, never a bare 500. (At start, the same
// damage makes `socle serve` refuse to start with that sentence: test/cli/witnesses.test.ts.)
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, startHarness } from './helpers.ts';

test('a damaged row appended behind the server: 503 with the position and socle verify', async () => {
  const h = await startHarness();
  try {
    await setUpProgramme(h);
    const head = await h.socle.store.head();
    const db = new Database(join(h.dir, 'socle.sqlite'));
    db.prepare('INSERT INTO events (position, id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      head.position + 1, 'forged', `programme-${P}`, 99, 'PartnerJoined', 1, '{"programmeId": broken', '{"actor":"x","role":"coordinator"}', new Date().toISOString(), 'f'.repeat(64),
    );
    db.close();
    // The server looks for other processes' appends every 250 ms.
    let answer = await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token: h.tokens.auditor });
    for (let i = 0; i < 40 && answer.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token: h.tokens.auditor });
    }
    assert.is(answer.status, 503, answer.text);
    assert.ok(answer.contentType.startsWith('application/problem+json'));
    assert.match(answer.json.detail, new RegExp(`^l'événement à la position ${head.position + 1} est illisible \\(.+\\) ; lancez socle verify$`));
  } finally {
    await h.stop();
  }
});

test.run();
