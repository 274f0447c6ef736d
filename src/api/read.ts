// Reading helpers shared by the routes: the ledger now or as of a position, and read-your-writes.
import type { Checkpoint } from '../read-model/runner.ts';
import type { LedgerState } from '../read-model/ledger.ts';
import type { Socle } from '../app/socle.ts';
import type { ResolvedAsOfDate } from '../app/as-of-date.ts';
import type { Actor } from '../domain/actor.ts';
import { partnerPosition } from '../reports/partner-view.ts';
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

/** A read's stamp, with the date asked and the instant it named when the read was asked by date. */
export interface Stamp {
  position: number;
  headHash: string;
  asked?: { date: string; instant: string };
}

/**
 * The position a read names (socle.positionAsked: asOf, or asOfDate resolved). A partner reads by
 * position only: a date would resolve to whatever event came last, most often another partner's,
 * and the partner may be shown only its own positions (partner-read.ts).
 */
export async function askedPosition(socle: Socle, actor: Actor, programmeId: string, query: { asOf?: number | undefined; asOfDate?: string | undefined }): Promise<{ asOf?: number; date?: ResolvedAsOfDate }> {
  if (query.asOfDate !== undefined && actor.role === 'partner')
    throw new HttpProblem(403, API_FR.partnerNoAsOfDate, [{ path: 'query.asOfDate', message: API_FR.partnerByPosition }]);
  return socle.positionAsked(programmeId, query);
}

/** The stamp of an answer read at `stamp`, naming the date asked when there was one. */
export function withAsked(stamp: { position: number; headHash: string }, date: ResolvedAsOfDate | undefined): Stamp {
  return date ? { ...stamp, asked: { date: date.asked, instant: date.instant } } : stamp;
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

/** The header a write answer carries: the position a read on any server may wait for (minPosition). */
export const POSITION_HEADER = 'X-Socle-Position';

/**
 * Read-your-writes, and the position to send back: the write's own, or, for a command that
 * repeated a stored one, the head (a partner: the latest position it may be shown, which holds
 * its own original write and tells nothing of the others' writes, see partner-read.ts).
 */
export async function writtenAt(socle: Socle, actor: Actor, programmeId: string, position: number | null): Promise<number> {
  await readYourWrites(socle, position);
  if (position !== null) return position;
  const live = await socle.ledgerAt();
  if (actor.role !== 'partner') return live.position;
  const programme = live.state.programmes.get(programmeId);
  return programme ? partnerPosition(programme, actor.partnerId!) : 0;
}
