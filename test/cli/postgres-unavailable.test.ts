// The command line on a PostgreSQL store that does not answer (SOCLE_STORE=postgres, DATABASE_URL to
// a port where nothing listens): node-postgres's English (« connect ECONNREFUSED … ») never reaches
// the user; a read and a write each end on the one French line the API answers its 503 with
// (src/store/store-unavailable.ts), exit code 1, no stack. No server is needed: the port is closed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-pg-down-');
const closed = { SOCLE_STORE: 'postgres', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' };
// Written out here, not imported: the test checks the words a person reads.
const SENTENCE = 'le registre partagé ne répond pas pour l’instant (rien n’a été écrit) ; réessayez dans un instant';

for (const args of [
  ['verify'],
  ['totals', '--programme', 'acte3'],
  ['scenarios', 'draft', '--programme', 'acte3', '--id', 's', '--title', 'S'],
]) {
  test(`socle ${args.join(' ')} on a closed port: one French line, exit 1`, () => {
    const r = socle([...args, '--data', join(work, 'data')], { env: closed });
    assert.is(r.status, 1, r.stderr);
    assert.is(r.stdout, '');
    assert.is(r.stderr, `socle ${args[0]}: ${SENTENCE}\n`);
  });
}

test.run();
