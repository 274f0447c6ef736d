// A shared store that does not answer for now (PostgreSQL: lock timeout, restart, lost connection)
// is told apart from a bug: 503 with Retry-After and a French detail, never a bare 500. The detail
// says « rien n'a été écrit » only when that is known: a connection lost with COMMIT sent
// (CommitOutcomeUnknownError) says the write may have been recorded and that re-sending is safe.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mapError } from '../../src/api/problem.ts';
import { commitFailure, CommitOutcomeUnknownError } from '../../src/store/store-unavailable.ts';

const pgError = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

test('a shared store that does not answer (lock timeout, lost connection) is a 503 with Retry-After, not a 500', () => {
  for (const code of ['55P03', '57P01', '08006', 'ECONNREFUSED']) {
    const mapped = mapError(pgError('canceling statement due to lock timeout', code));
    assert.is(mapped.status, 503, code);
    assert.equal(mapped.headers, { 'Retry-After': '1' });
    assert.match(mapped.detail, 'rien n’a été écrit');
  }
  // Any other database error stays a 500: a bug, logged with its stack.
  assert.is(mapError(pgError('syntax error', '42601')).status, 500);
});

test('a COMMIT lost on its way or in its answer: the outcome is unknown, said as such', () => {
  for (const lost of [
    pgError('terminating connection due to administrator command', '57P01'),
    pgError('server closed the connection unexpectedly', '08006'),
    pgError('read ECONNRESET', 'ECONNRESET'),
    pgError('Connection terminated unexpectedly'),
  ]) {
    const classified = commitFailure(lost);
    assert.instance(classified, CommitOutcomeUnknownError, lost.message);
    assert.is((classified as CommitOutcomeUnknownError).cause, lost);
    const mapped = mapError(classified);
    assert.is(mapped.status, 503);
    assert.equal(mapped.headers, { 'Retry-After': '1' });
    assert.not.match(mapped.detail, 'rien n’a été écrit');
    assert.is(
      mapped.detail,
      'le registre partagé a cessé de répondre au moment d’enregistrer : l’écriture a peut-être été enregistrée ; ' +
        'réessayez la même requête dans un instant, sans risque de doublon (un enregistrement déjà fait est reconnu à son identifiant, un changement déjà fait répond par un conflit de version)',
    );
  }
});

test('a COMMIT never sent, or refused by the server, is not « perhaps written »', () => {
  // Known broken before sending: node-postgres refuses the query without writing it.
  const notSent = pgError('Client has encountered a connection error and is not queryable');
  // The server refused the COMMIT (a deferred constraint): rolled back, an error as any other.
  const refused = pgError('duplicate key value violates unique constraint', '23505');
  const cannotConnect = pgError('the database system is starting up', '57P03');
  for (const error of [notSent, refused, cannotConnect]) assert.is(commitFailure(error), error, error.message);
  assert.match(mapError(commitFailure(notSent)).detail, 'rien n’a été écrit');
  assert.is(mapError(commitFailure(refused)).status, 500);
});

test.run();
