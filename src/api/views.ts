// Read-model views as JSON: Maps become arrays, integer cents become decimal strings.
// A contribution is flat, like the body that records it (content fields at the top), plus its
// review state, version, value and, in the detail, its full history.
import type { Checkpoint } from '../read-model/runner.ts';
import type { ContributionView, LedgerState, ProgrammeView } from '../read-model/ledger.ts';
import type { HistoryEntry } from '../reports/contribution-history.ts';
import type { Rate } from '../domain/programme/state.ts';
import { isPublicCategory } from '../domain/kinds.ts';
import { formatIntegerCents } from '../domain/money.ts';

export function asOfJson(checkpoint: Checkpoint<LedgerState>): { position: number; headHash: string } {
  return { position: checkpoint.position, headHash: checkpoint.hash };
}

export function contributionJson(view: ContributionView, history?: HistoryEntry[]) {
  return {
    id: view.contributionId,
    programmeId: view.programmeId,
    ...view.content,
    review: view.review,
    version: view.version,
    value: view.valueCents === null ? null : formatIntegerCents(view.valueCents),
    valuation: {
      ...(view.rateSource !== undefined && { rateSource: view.rateSource }),
      ...(view.rateId !== undefined && { rateId: view.rateId }),
      ...(view.rateAmount !== undefined && { rateAmount: view.rateAmount }),
      ...(view.rateBasis !== undefined && { rateBasis: view.rateBasis }),
      ...(view.unvaluedReason !== undefined && { unvaluedReason: view.unvaluedReason }),
    },
    recordedAt: view.recordedAt,
    updatedAt: view.updatedAt,
    ...(history !== undefined && { history }),
  };
}

/** `contributions`: how many the reader may count (a partner: its own). */
export function programmeSummaryJson(programme: ProgrammeView, contributions = programme.contributionIds.length) {
  return {
    id: programme.programmeId,
    name: programme.name,
    startsOn: programme.startsOn,
    endsOn: programme.endsOn,
    ...(programme.territory !== undefined && { territory: programme.territory }),
    partners: programme.partners.size,
    actions: programme.actions.size,
    contributions,
  };
}

/** One programme's set-up; `rates` given: only those (a partner sees none set for another partner). */
export function programmeJson(programme: ProgrammeView, rates: Iterable<Rate> = programme.rates.values()) {
  const { partners, axes, actions, sites } = programme;
  return {
    id: programme.programmeId,
    name: programme.name,
    startsOn: programme.startsOn,
    endsOn: programme.endsOn,
    ...(programme.territory !== undefined && { territory: programme.territory }),
    partners: [...partners.values()].map(({ partnerId, ...p }) => ({ id: partnerId, ...p, public: isPublicCategory(p.category) })),
    axes: [...axes.values()].map(({ axisId, ...a }) => ({ id: axisId, ...a })),
    actions: [...actions.values()]
      .sort((a, b) => a.number - b.number)
      .map(({ actionId, ...a }) => ({ id: actionId, ...a, ...(programme.actionSheets.has(actionId) && { sheet: programme.actionSheets.get(actionId)! }) })),
    sites: [...sites.values()].map(({ siteId, ...s }) => ({ id: siteId, ...s })),
    rates: [...rates].sort((a, b) => a.sequence - b.sequence).map(({ rateId, sequence: _, ...r }) => ({ id: rateId, ...r })),
    publications: programme.publications.map(({ publicationId, ...rest }) => ({ id: publicationId, ...rest })),
  };
}
