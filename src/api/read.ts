// Reading helpers shared by the routes: the ledger now or as of a position, and read-your-writes.
import type { Checkpoint } from '../../projections/runner.ts';
import type { LedgerState } from '../../projections/ledger.ts';
import type { Socle } from '../app/socle.ts';
import { HttpProblem } from './problem.ts';
import { API_FR } from '../messages/fr.ts';

/**
 * The live read model, or (asOf given) the ledger replayed up to that global position. A position
 * beyond the head is refused rather than silently answered with the head: the same asOf must
 * always give the same answer.
 */
export async function ledgerAsOf(socle: Socle, asOf: number | undefined): Promise<Checkpoint<LedgerState>> {
  if (asOf === undefined) return socle.ledgerAt();
  await checkAsOf(socle, asOf);
  return socle.ledgerAt(asOf);
}

/** Refuses a position beyond the head, and lets the live model reach it (it may lag a moment behind another process's writes). */
export async function checkAsOf(socle: Socle, asOf: number): Promise<void> {
  const head = await socle.store.head();
  if (asOf > head.position)
    throw new HttpProblem(400, API_FR.asOfBeyondHead(asOf, head.position), [{ path: 'query.asOf', message: API_FR.atMost(head.position) }]);
  await socle.caughtUpTo(asOf);
}

/**
 * Before answering a write, wait until the live read model has folded it, so the client's next read
 * sees it. A command that repeated a stored one wrote nothing (position null): wait for the head,
 * which holds the original write.
 */
export async function readYourWrites(socle: Socle, position: number | null): Promise<void> {
  await socle.caughtUpTo(position ?? (await socle.store.head()).position);
}
