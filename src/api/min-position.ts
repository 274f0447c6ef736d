// Read-your-writes across servers on one store. A write answers with the position it stands at
// (X-Socle-Position); a read that sends it back (`?minPosition=P` or the `X-Socle-Min-Position`
// header) waits until this server's live read model has folded P — another server's write reaches
// it within the store's polling interval — for at most MAX_WAIT_MS, then answers 503 with
// Retry-After rather than a read that would not hold the client's own write. A position the store
// does not hold is a 400 at once (a partner: the 403 below).
// A partner may name only a position it may be shown (one of its contributions' events, or of the
// programme's stream, see partner-read.ts), else the same 403 whatever the ledger holds: waiting or
// not for any position would tell it where the head is, which counts the others' events.
import type { RequestHandler } from 'express';
import type { Actor } from '../domain/actor.ts';
import type { Socle } from '../app/socle.ts';
import { actorOf } from './auth.ts';
import { HttpProblem } from './problem.ts';
import { API_FR } from '../messages/fr.ts';
import { isContributionStream, programmeStream, serviceStream } from '../domain/events.ts';

export const MIN_POSITION_HEADER = 'x-socle-min-position';
export const MAX_WAIT_MS = 2_000;
const POSITION = /^\d{1,15}$/;

export function minPosition(socle: Socle): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET') return next();
    const url = new URL(req.url, 'http://socle');
    const fromQuery = url.searchParams.get('minPosition');
    const asked = fromQuery ?? req.get(MIN_POSITION_HEADER);
    if (asked === undefined) return next();
    if (fromQuery !== null) {
      // The routes' strict query schemas know nothing of it: it is this step's, and taken out here.
      url.searchParams.delete('minPosition');
      req.url = url.pathname + (url.search === '?' ? '' : url.search);
    }
    try {
      if (!POSITION.test(asked))
        throw new HttpProblem(400, API_FR.minPositionNotANumber, [{ path: fromQuery !== null ? 'query.minPosition' : 'header.X-Socle-Min-Position', message: API_FR.aWholeNumber }]);
      const position = Number(asked);
      const actor = actorOf(res);
      if (actor.role === 'partner' && !(await partnerMayWaitFor(socle, actor, position)))
        throw new HttpProblem(403, API_FR.minPositionNotYours(position), [{ path: 'minPosition', message: API_FR.aPositionOfYours }]);
      // A position the store does not hold yet was never answered to a write: refused at once, so
      // that no request waits for what may never come (nor leaves a waiter behind it).
      const head = await socle.store.head();
      if (position > head.position)
        throw new HttpProblem(400, API_FR.minPositionBeyondHead(position, head.position), [{ path: 'minPosition', message: API_FR.atMost(head.position) }]);
      if (!(await reached(socle, position)))
        throw new HttpProblem(503, API_FR.minPositionNotReached(position, MAX_WAIT_MS / 1000), [], { 'Retry-After': '1' });
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Whether the live read model folds `position` within MAX_WAIT_MS. */
async function reached(socle: Socle, position: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), MAX_WAIT_MS)));
  try {
    return await Promise.race([socle.caughtUpTo(position).then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Read from the store (shared by every server), not from this server's read model, which may not
 * have the event yet: the programme stream of one of its programmes, or an event of one of its
 * contributions.
 */
async function partnerMayWaitFor(socle: Socle, actor: Actor, position: number): Promise<boolean> {
  const head = await socle.store.head();
  if (position < 1 || position > head.position) return false;
  for await (const event of socle.store.readAll({ from: position, to: position, batchSize: 1 })) {
    const data = event.data as { programmeId?: string; contributionId?: string; content?: { partnerId?: string } };
    if (typeof data.programmeId !== 'string') return false;
    // The programme's set-up and its service facts (GET …/service is every role's) are its partners'.
    if (event.stream === programmeStream(data.programmeId) || event.stream === serviceStream(data.programmeId)) {
      // A rate set for another partner is not public (ledger.ts, noteWhoSees).
      const forPartner = (data as { partnerId?: string }).partnerId;
      if (event.type === 'ValuationRateSet' && forPartner !== undefined && forPartner !== actor.partnerId) return false;
      return (await socle.commands.programme(data.programmeId)).state.partners.has(actor.partnerId ?? '');
    }
    // Any other stream but a contribution's (scenarios, closings, checkpoints) is not a partner's to wait for.
    if (!isContributionStream(event.stream)) return false;
    if (data.content?.partnerId === actor.partnerId) return true;
    return (await socle.commands.loadStream(event.stream)).state.content?.partnerId === actor.partnerId;
  }
  return false;
}
