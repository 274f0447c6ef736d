// What a partner may know of a programme (docs/api.md, "Confidentialité"), as pure functions of
// versions of the ledger read model. Every read a partner token can make goes through here:
//   - its own contributions, live (as of the version read);
//   - the programme's set-up, public to its partners, except the rates set for another partner;
//   - the other partners only as one aggregate, "autres partenaires", taken from the version of the
//     latest publication (FiguresPublished) at or before the read: nothing about them moves between
//     two publications, so differencing reads reveals at most, per filter of the totals document,
//     the sum of everything the others did between two publications;
//   - the stamp of a read is the latest position the partner may be shown (partnerPosition), never
//     the head, whose growth would count the others' events.
import { CONTRIBUTION_KINDS, isCashLike, type ContributionKind } from '../domain/kinds.ts';
import { addCents, formatIntegerCents, sharesOfCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import type { Rate } from '../domain/programme/state.ts';
import type { LedgerState, ProgrammeView, PublicationView } from '../read-model/ledger.ts';
import { matchesFilters, NO_ACTION, type PartnerTotal, type TotalsFilters } from './totals-document.ts';

export interface Stamp {
  position: number;
  headHash: string;
}

/**
 * The latest position of the version that a partner of the programme may be shown: the last event
 * of the programme's own stream (set-up, publications) or of one of the partner's contributions.
 * Everything the partner reads of a version is the same as of this position (see the header).
 */
export function partnerPosition(programme: ProgrammeView, partnerId: string): number {
  return Math.max(programme.lastPublicPosition, programme.lastPositionByPartner.get(partnerId) ?? 0);
}

/** The latest publication of the version, if any: the one the others' aggregate comes from. */
export function latestPublication(programme: ProgrammeView): PublicationView | undefined {
  return programme.publications[programme.publications.length - 1];
}

/** Rates a partner sees: the programme's own and those set for it, not those set for another partner. */
export function ratesSeenBy(programme: ProgrammeView, partnerId: string): Rate[] {
  return [...programme.rates.values()].filter((r) => r.partnerId === undefined || r.partnerId === partnerId);
}

/** The partner's own contributions in the programme, in recording order. */
export function ownContributionIds(state: LedgerState, programme: ProgrammeView, partnerId: string): string[] {
  const ids: string[] = [];
  for (const id of programme.contributionIds) if (state.contributions.get(id)!.content.partnerId === partnerId) ids.push(id);
  return ids;
}

/** The other partners, as one line: what the totals document shows a partner of them. */
export interface OthersAggregate {
  publication: { id: string; position: number; note?: string };
  inKind: string;
  cash: string;
  total: string;
  share: string;
  /** Their counted contributions that no rate values, counted, never named. */
  unvalued: number;
}

export interface PartnerTotalsDocument {
  programmeId: string;
  asOf: Stamp;
  filters: TotalsFilters;
  /** The partner the document is written for. */
  partnerId: string;
  /** Its own contributions plus the others' published aggregate. */
  total: string;
  /** Its own line only (when it has counted, valued contributions). */
  byPartner: PartnerTotal[];
  /** The other partners as of the latest publication; null before the first one. */
  others: OthersAggregate | null;
  /** Its own contributions only. */
  byKind: Record<ContributionKind, string>;
  byAction: Record<string, string>;
  unvalued: { contributionId: string; partnerId: string; reason: string }[];
}

/**
 * The totals document for a partner: `own` is the version read (its own rows), `published` the
 * programme as of the latest publication in `own` (or undefined when there is none yet).
 */
export function partnerTotalsDocument(
  own: ProgrammeView,
  published: { programme: ProgrammeView; publication: PublicationView } | undefined,
  partnerId: string,
  filters: TotalsFilters,
  stamp: Stamp,
): PartnerTotalsDocument {
  const byKind = Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, ZERO_CENTS])) as Record<ContributionKind, Cents>;
  const byAction = new Map<string, Cents>();
  const mine = { inKind: ZERO_CENTS, cash: ZERO_CENTS, cells: 0 };
  for (const cell of own.aggregates.values()) {
    if (cell.partnerId !== partnerId || !matchesFilters(cell, filters)) continue;
    mine.cells++;
    if (isCashLike(cell.kind)) mine.cash = addCents(mine.cash, cell.cents);
    else mine.inKind = addCents(mine.inKind, cell.cents);
    byKind[cell.kind] = addCents(byKind[cell.kind], cell.cents);
    const action = cell.actionId ?? NO_ACTION;
    byAction.set(action, addCents(byAction.get(action) ?? ZERO_CENTS, cell.cents));
  }
  const unvalued: PartnerTotalsDocument['unvalued'] = [];
  for (const entry of own.unvalued.inOrder())
    if (entry.partnerId === partnerId && matchesFilters(entry, filters))
      unvalued.push({ contributionId: entry.contributionId, partnerId: entry.partnerId, reason: entry.reason });

  let others: { inKind: Cents; cash: Cents; unvalued: number } | undefined;
  if (published !== undefined) {
    others = { inKind: ZERO_CENTS, cash: ZERO_CENTS, unvalued: 0 };
    for (const cell of published.programme.aggregates.values()) {
      if (cell.partnerId === partnerId || !matchesFilters(cell, filters)) continue;
      if (isCashLike(cell.kind)) others.cash = addCents(others.cash, cell.cents);
      else others.inKind = addCents(others.inKind, cell.cents);
    }
    for (const entry of published.programme.unvalued.inOrder())
      if (entry.partnerId !== partnerId && matchesFilters(entry, filters)) others.unvalued++;
  }

  // Cents are exact only below 2^53: addCents fails loudly on totals that large, never rounds.
  const ownTotal = addCents(mine.inKind, mine.cash);
  const othersTotal = others === undefined ? ZERO_CENTS : addCents(others.inKind, others.cash);
  const total = addCents(ownTotal, othersTotal);
  // Keys that no partner id can be ("autres partenaires" is a line, not a partner).
  const shares = sharesOfCents([
    ['own', ownTotal],
    ['others', othersTotal],
  ]);
  return {
    programmeId: own.programmeId,
    asOf: stamp,
    filters,
    partnerId,
    total: formatIntegerCents(total),
    byPartner:
      mine.cells === 0
        ? []
        : [{ partnerId, inKind: formatIntegerCents(mine.inKind), cash: formatIntegerCents(mine.cash), total: formatIntegerCents(ownTotal), share: shares.get('own')! }],
    others:
      others === undefined || published === undefined
        ? null
        : {
            publication: {
              id: published.publication.publicationId,
              position: published.publication.position,
              ...(published.publication.note !== undefined && { note: published.publication.note }),
            },
            inKind: formatIntegerCents(others.inKind),
            cash: formatIntegerCents(others.cash),
            total: formatIntegerCents(othersTotal),
            share: shares.get('others')!,
            unvalued: others.unvalued,
          },
    byKind: Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, formatIntegerCents(byKind[k])])) as Record<ContributionKind, string>,
    byAction: Object.fromEntries([...byAction.keys()].sort().map((a) => [a, formatIntegerCents(byAction.get(a)!)])),
    unvalued,
  };
}
