// A contribution of a version by what a request names: programme, id and, when known, partner. Its
// identity is all three (src/domain/events.ts): the key `<programme>/<partner>/<id>`, or `<id>` for
// one recorded before identities were scoped (found when it is this programme's, and this partner's).
import { invalid } from '../domain/errors.ts';
import { contributionKey } from '../domain/events.ts';
import type { ContributionView, LedgerState, ProgrammeView } from './ledger.ts';

/**
 * `partnerId` left out (a role that sees every partner's): the one contribution of that id in the
 * programme, whichever its partner; two partners with the same id are a 400 that asks for one.
 */
export function findContribution(state: LedgerState, programme: ProgrammeView, contributionId: string, partnerId: string | undefined): ContributionView | undefined {
  const legacy = state.contributions.get(contributionId);
  const legacyHere = legacy !== undefined && legacy.key === contributionId && legacy.programmeId === programme.programmeId ? legacy : undefined;
  if (partnerId !== undefined) {
    if (legacyHere?.content.partnerId === partnerId) return legacyHere;
    return state.contributions.get(contributionKey(programme.programmeId, partnerId, contributionId));
  }
  if (legacyHere) return legacyHere;
  const found: ContributionView[] = [];
  for (const partner of programme.partners.keys()) {
    const view = state.contributions.get(contributionKey(programme.programmeId, partner, contributionId));
    if (view) found.push(view);
  }
  if (found.length > 1)
    throw invalid('query.partnerId', `plusieurs partenaires ont une contribution ${contributionId} dans le programme ${programme.programmeId} : précisez ?partnerId=`);
  return found[0];
}
