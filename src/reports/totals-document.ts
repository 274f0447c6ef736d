// The totals document of contract.md, answered from the ledger read model's aggregates: its cost
// grows with partners × kinds × actions × years, never with the number of events.
import { CONTRIBUTION_KINDS, isCashLike, type ContributionKind, type ContributionStatus } from '../domain/kinds.ts';
import { addCents, formatIntegerCents, sharesOfCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import { requireAction, type LedgerState, type ProgrammeView } from '../read-model/ledger.ts';

export type Include = 'active' | 'validated';

export interface TotalsFilters {
  status: ContributionStatus;
  year?: number;
  actionId?: string;
  include: Include;
}

export interface PartnerTotal {
  partnerId: string;
  inKind: string;
  cash: string;
  total: string;
  share: string;
}

export interface TotalsDocument {
  programmeId: string;
  asOf: { position: number; headHash: string };
  filters: TotalsFilters;
  total: string;
  byPartner: PartnerTotal[];
  byKind: Record<ContributionKind, string>;
  byAction: Record<string, string>;
  unvalued: { contributionId: string; partnerId: string; reason: string }[];
}

export const NO_ACTION = 'none';

/** Whether a contribution with these coordinates is counted under the filters. */
export function matchesFilters(
  item: { status: ContributionStatus; year: number; actionId: string | null; validated: boolean },
  filters: TotalsFilters,
): boolean {
  if (item.status !== filters.status) return false;
  if (filters.year !== undefined && item.year !== filters.year) return false;
  if (filters.actionId !== undefined && item.actionId !== filters.actionId) return false;
  if (filters.include === 'validated' && !item.validated) return false;
  return true;
}

export function totalsDocument(checkpoint: Checkpoint<LedgerState>, programme: ProgrammeView, filters: TotalsFilters): TotalsDocument {
  if (filters.actionId !== undefined) requireAction(programme, filters.actionId);
  const partners = new Map<string, { inKind: Cents; cash: Cents }>();
  const byKind = Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, ZERO_CENTS])) as Record<ContributionKind, Cents>;
  const byAction = new Map<string, Cents>();
  let total = ZERO_CENTS;

  for (const cell of programme.aggregates.values()) {
    if (!matchesFilters(cell, filters)) continue;
    // Cents are exact only below 2^53: addCents fails loudly on a ledger that large, never rounds.
    total = addCents(total, cell.cents);
    byKind[cell.kind] = addCents(byKind[cell.kind], cell.cents);
    const action = cell.actionId ?? NO_ACTION;
    byAction.set(action, addCents(byAction.get(action) ?? ZERO_CENTS, cell.cents));
    let p = partners.get(cell.partnerId);
    if (!p) partners.set(cell.partnerId, (p = { inKind: ZERO_CENTS, cash: ZERO_CENTS }));
    if (isCashLike(cell.kind)) p.cash = addCents(p.cash, cell.cents);
    else p.inKind = addCents(p.inKind, cell.cents);
  }

  const partnerIds = [...partners.keys()].sort();
  const shares = sharesOfCents(
    partnerIds.map((id) => {
      const p = partners.get(id)!;
      return [id, addCents(p.inKind, p.cash)] as const;
    }),
  );

  // The index keeps each unvalued contribution's coordinates, already in contribution-id order.
  const unvalued: TotalsDocument['unvalued'] = [];
  for (const entry of programme.unvalued.inOrder()) {
    if (matchesFilters(entry, filters)) unvalued.push({ contributionId: entry.contributionId, partnerId: entry.partnerId, reason: entry.reason });
  }

  return {
    programmeId: programme.programmeId,
    asOf: { position: checkpoint.position, headHash: checkpoint.hash },
    filters,
    total: formatIntegerCents(total),
    byPartner: partnerIds.map((partnerId) => {
      const p = partners.get(partnerId)!;
      return {
        partnerId,
        inKind: formatIntegerCents(p.inKind),
        cash: formatIntegerCents(p.cash),
        total: formatIntegerCents(addCents(p.inKind, p.cash)),
        share: shares.get(partnerId)!,
      };
    }),
    byKind: Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, formatIntegerCents(byKind[k])])) as Record<ContributionKind, string>,
    byAction: Object.fromEntries([...byAction.keys()].sort().map((a) => [a, formatIntegerCents(byAction.get(a)!)])),
    unvalued,
  };
}
