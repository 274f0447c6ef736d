// A shared store that does not answer for now (PostgreSQL: a lock wait past lock_timeout, the
// server restarting or shutting down, a connection lost or refused): nothing of the request was
// written, and the same request may succeed in a moment. Told apart from a bug so that the API can
// answer 503 with Retry-After instead of a bare 500.
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

/**
 * node-postgres's own errors for a connection that ended under a query (the server restarted or
 * went away): they carry no code, only these messages (pg/lib/client.js).
 */
const CONNECTION_ENDED =
  /^Connection terminated (unexpectedly|due to connection timeout)$|^timeout exceeded when trying to connect$|^Client has encountered a connection error and is not queryable$/;

export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code);
  return typeof message === 'string' && CONNECTION_ENDED.test(message);
}
