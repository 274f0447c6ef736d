// What a budget looks at: which contributions (action, year, review), and who files it (the
// applicant). Shared by the Cerfa budget and the funding plan so both read the ledger the same way.
import { InvalidCommandError, NotFoundError } from '../domain/errors.ts';
import type { ContributionStatus } from '../domain/kinds.ts';
import type { Partner } from '../domain/programme/state.ts';
import { isCounted, requireAction, type ContributionView, type LedgerState, type ProgrammeView } from '../read-model/ledger.ts';
import type { Include } from './totals-document.ts';
import { DOMAIN_FR } from '../messages/fr.ts';

export interface ScopeFilters {
  /** One action, or the whole programme (including contributions tied to no action). */
  actionId?: string;
  year?: number;
  include: Include;
}

export type ApplicantSource = 'asked' | 'pilot' | 'programme';

export interface Applicant extends Partner {
  source: ApplicantSource;
}

/** The contributions a budget counts, in recording order: pending or validated (or validated only), in the action and year. */
export function* contributionsInScope(state: LedgerState, programme: ProgrammeView, filters: ScopeFilters): Generator<ContributionView> {
  for (const id of programme.contributionIds) {
    const view = state.contributions.get(id)!;
    if (!isCounted(view.review)) continue;
    if (filters.include === 'validated' && view.review !== 'validated') continue;
    const c = view.content;
    if (filters.actionId !== undefined && c.actionId !== filters.actionId) continue;
    if (filters.year !== undefined && Number(c.date.slice(0, 4)) !== filters.year) continue;
    yield view;
  }
}

// One check for an action filter, shared by every read (totals, workbooks, the API): see ledger.ts.
export { requireAction };

/**
 * Who files the application: the partner asked for; else the action's pilot; else, for the whole
 * programme, the partner that pilots the most actions (ties: the one piloting the lowest-numbered
 * action), which in a network is its coordination. Nobody to choose: the caller must name one.
 */
export function resolveApplicant(programme: ProgrammeView, actionId: string | undefined, applicantId: string | undefined): Applicant {
  if (applicantId !== undefined) {
    const partner = programme.partners.get(applicantId);
    if (!partner) throw new NotFoundError(DOMAIN_FR.unknownApplicant(applicantId, programme.programmeId));
    return { ...partner, source: 'asked' };
  }
  if (actionId !== undefined) {
    const action = requireAction(programme, actionId);
    const pilot = action.pilotPartnerId === undefined ? undefined : programme.partners.get(action.pilotPartnerId);
    if (!pilot) throw new InvalidCommandError(DOMAIN_FR.noPilot(actionId), [{ path: 'applicant', message: DOMAIN_FR.noPilotField }]);
    return { ...pilot, source: 'pilot' };
  }
  const piloted = new Map<string, { count: number; lowest: number }>();
  for (const action of programme.actions.values()) {
    if (action.pilotPartnerId === undefined || !programme.partners.has(action.pilotPartnerId)) continue;
    const entry = piloted.get(action.pilotPartnerId) ?? { count: 0, lowest: Number.POSITIVE_INFINITY };
    entry.count += 1;
    entry.lowest = Math.min(entry.lowest, action.number);
    piloted.set(action.pilotPartnerId, entry);
  }
  const best = [...piloted.entries()].sort(([a, x], [b, y]) => y.count - x.count || x.lowest - y.lowest || (a < b ? -1 : 1))[0];
  if (!best) throw new InvalidCommandError(DOMAIN_FR.noPilotInProgramme(programme.programmeId), [{ path: 'applicant', message: DOMAIN_FR.required }]);
  return { ...programme.partners.get(best[0])!, source: 'programme' };
}

export function statusesOf(status: ContributionStatus | 'both'): ContributionStatus[] {
  return status === 'both' ? ['planned', 'actual'] : [status];
}
