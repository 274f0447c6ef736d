// A shared store that does not answer for now (PostgreSQL: a lock wait past lock_timeout, the
// server restarting or shutting down, a connection lost or refused): the same request may succeed
// in a moment. Told apart from a bug so that the API can answer 503 with Retry-After instead of a
// bare 500.
//
// Two cases a person must be told apart, because only one of them is "nothing was written":
// - the failure came before COMMIT was sent (the lock's timeout, the connection lost while reading
//   or inserting): the transaction never committed, nothing was written;
// - the connection failed while COMMIT was on its way or its answer was (CommitOutcomeUnknownError,
//   raised by writeTransaction in postgres-rows.ts): the server may have committed, and nobody can
//   know without reading again. Re-sending the same request is then safe, but not because of event
//   ids (each request makes new ones, uuidV7): because every write of the API names what it writes.
//   A record carries its id (the same request again decides nothing and is answered as the first
//   time: contributions, programmes, partners, sites, actions, rates, publications, service facts,
//   scenarios), a change of a contribution carries the version it was made on (re-sent once recorded,
//   it is a 409 naming the current version), a year closed or reopened twice is a 409 saying so, the
//   same closing policy again decides nothing, and an import skips the rows already imported.
const UNAVAILABLE_SQLSTATES = new Set([
  '55P03', // lock_not_available (lock_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export const STORE_UNAVAILABLE_SENTENCE = 'le registre partagé ne répond pas pour l’instant (rien n’a été écrit) ; réessayez dans un instant';

export const COMMIT_OUTCOME_UNKNOWN_SENTENCE =
  'le registre partagé a cessé de répondre au moment d’enregistrer : l’écriture a peut-être été enregistrée ; ' +
  'réessayez la même requête dans un instant, sans risque de doublon (un enregistrement déjà fait est reconnu à son identifiant, un changement déjà fait répond par un conflit de version)';

/**
 * node-postgres's own errors for a connection that ended under a query (the server restarted or
 * went away): they carry no code, only these messages (pg/lib/client.js).
 */
const CONNECTION_ENDED =
  /^Connection terminated (unexpectedly|due to connection timeout)$|^timeout exceeded when trying to connect$|^Client has encountered a connection error and is not queryable$/;

/** The connection failed with COMMIT sent: the transaction may or may not have committed. */
export class CommitOutcomeUnknownError extends Error {
  readonly code: string;
  constructor(override readonly cause: unknown) {
    super(COMMIT_OUTCOME_UNKNOWN_SENTENCE);
    this.name = 'CommitOutcomeUnknownError';
    // Still a lost connection: the same 503, the follower's same "read again at the next poll".
    this.code = '08006';
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof CommitOutcomeUnknownError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code);
  return typeof message === 'string' && CONNECTION_ENDED.test(message);
}

/** What to tell a person of a store that does not answer: nothing written, or perhaps written. */
export function storeUnavailableSentence(error: unknown): string {
  return error instanceof CommitOutcomeUnknownError ? COMMIT_OUTCOME_UNKNOWN_SENTENCE : STORE_UNAVAILABLE_SENTENCE;
}

/**
 * The error of a COMMIT that failed, as writeTransaction throws it. A refusal by the server (an
 * error with a SQLSTATE that is not a lost connection, a deferred check) rolled the transaction
 * back: nothing written, the error as it is. A client that knew its connection was broken before
 * sending ("not queryable") never sent the COMMIT. Any other lost connection came with COMMIT sent
 * (on its way, being run, or its answer lost): the outcome is unknown.
 */
export function commitFailure(error: unknown): unknown {
  if (!isStoreUnavailable(error)) return error;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === '55P03' || code === '57P03') return error;
  if (typeof message === 'string' && /not queryable$/.test(message)) return error;
  return new CommitOutcomeUnknownError(error);
}
