// The ledger read model: every programme's set-up and every contribution's current state and value,
// plus running aggregates of valued contributions so that totals never walk the whole log. A
// contribution's history is not kept here: its own stream holds it (contribution-history.ts reads
// it on demand), and leaving it out keeps the model small, which makes replays and snapshots faster.
// Rates are facts: a new rate revalues the contributions it covers, moving the aggregates by the
// difference; replaying to an earlier position shows the old values.
import type { ContributionContent } from '../src/domain/events.ts';
import type { ContributionKind, ContributionStatus } from '../src/domain/kinds.ts';
import type { Action, Axis, Partner, Rate, Site } from '../src/domain/programme/state.ts';
import type { Review } from '../src/domain/contribution/state.ts';
import { valueContributionInCents, type RateSource } from '../src/domain/valuation.ts';
import { assert } from '../src/domain/errors.ts';
import type { ProjectedEvent, Projection } from './projection.ts';
import { UnvaluedIndex } from './unvalued-index.ts';
import { ContributionMap } from './contribution-map.ts';

export interface ContributionView {
  contributionId: string;
  programmeId: string;
  content: ContributionContent;
  review: Review;
  version: number;
  recordedAt: string;
  updatedAt: string;
  /** Integer cents; null when unvalued. */
  valueCents: number | null;
  rateSource?: RateSource;
  rateId?: string;
  rateAmount?: string;
  rateBasis?: string;
  unvaluedReason?: string;
  /** The reason given by the last correction, withdrawal or rejection, if any. */
  lastReason?: string;
}

/** One cell of the running totals: the valued, counted contributions sharing these coordinates. */
export interface AggregateCell {
  status: ContributionStatus;
  year: number;
  actionId: string | null;
  siteId: string | null;
  partnerId: string;
  kind: ContributionKind;
  validated: boolean;
  cents: number;
  count: number;
}

export interface ProgrammeView {
  programmeId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  territory?: string;
  partners: Map<string, Partner>;
  axes: Map<string, Axis>;
  actions: Map<string, Action>;
  sites: Map<string, Site>;
  rates: Map<string, Rate>;
  ratesByKind: Map<ContributionKind, Rate[]>;
  /** Contribution ids in the order they were recorded. */
  contributionIds: string[];
  contributionsByKind: Map<ContributionKind, Set<string>>;
  aggregates: Map<string, AggregateCell>;
  /** Counted (pending or validated) contributions that no rate values, with their coordinates. */
  unvalued: UnvaluedIndex;
}

export interface LedgerState {
  programmes: Map<string, ProgrammeView>;
  contributions: ContributionMap;
}

export const ledgerProjection: Projection<LedgerState> = {
  name: 'ledger',
  initialState: () => ({ programmes: new Map(), contributions: new ContributionMap() }),
  evolve: evolveLedger,
};

export function isCounted(review: Review): boolean {
  return review === 'pending' || review === 'validated';
}

function evolveLedger(state: LedgerState, event: ProjectedEvent): LedgerState {
  switch (event.type) {
    case 'ProgrammeOpened': {
      const d = event.data;
      state.programmes.set(d.programmeId, {
        programmeId: d.programmeId,
        name: d.name,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        ...(d.territory !== undefined && { territory: d.territory }),
        partners: new Map(),
        axes: new Map(),
        actions: new Map(),
        sites: new Map(),
        rates: new Map(),
        ratesByKind: new Map(),
        contributionIds: [],
        contributionsByKind: new Map(),
        aggregates: new Map(),
        unvalued: new UnvaluedIndex(),
      });
      return state;
    }
    case 'PartnerJoined': {
      const { programmeId, ...partner } = event.data;
      programmeOf(state, programmeId).partners.set(partner.partnerId, partner);
      return state;
    }
    case 'AxisDefined': {
      const { programmeId, ...axis } = event.data;
      programmeOf(state, programmeId).axes.set(axis.axisId, axis);
      return state;
    }
    case 'ActionDefined': {
      const { programmeId, ...action } = event.data;
      programmeOf(state, programmeId).actions.set(action.actionId, action);
      return state;
    }
    case 'SiteRegistered': {
      const { programmeId, ...site } = event.data;
      programmeOf(state, programmeId).sites.set(site.siteId, site);
      return state;
    }
    case 'ValuationRateSet': {
      const { programmeId, ...data } = event.data;
      const programme = programmeOf(state, programmeId);
      // The decider never sets a rate id twice; the snapshot relies on it (one object per id).
      assert(!programme.rates.has(data.rateId), `rate ${data.rateId} set twice`);
      const rate: Rate = { ...data, sequence: programme.rates.size };
      programme.rates.set(rate.rateId, rate);
      const sameKind = programme.ratesByKind.get(rate.kind) ?? [];
      sameKind.push(rate);
      programme.ratesByKind.set(rate.kind, sameKind);
      for (const id of programme.contributionsByKind.get(rate.kind) ?? []) {
        const view = state.contributions.get(id)!;
        uncount(programme, view);
        applyValuation(programme, view);
        count(programme, view);
      }
      return state;
    }
    case 'ContributionRecorded': {
      const { programmeId, contributionId, content } = event.data;
      const programme = programmeOf(state, programmeId);
      assert(!state.contributions.has(contributionId), `contribution ${contributionId} recorded twice`);
      const view: ContributionView = {
        contributionId,
        programmeId,
        content,
        review: 'pending',
        version: event.streamVersion,
        recordedAt: event.recordedAt,
        updatedAt: event.recordedAt,
        valueCents: null,
      };
      state.contributions.add(view);
      programme.contributionIds.push(contributionId);
      indexByKind(programme, view);
      applyValuation(programme, view);
      count(programme, view);
      return state;
    }
    case 'ContributionCorrected': {
      const { view, programme } = contributionOf(state, event.data.contributionId);
      uncount(programme, view);
      programme.contributionsByKind.get(view.content.kind)?.delete(view.contributionId);
      view.content = event.data.content;
      view.review = 'pending';
      indexByKind(programme, view);
      applyValuation(programme, view);
      touch(view, event, event.data.reason);
      count(programme, view);
      return state;
    }
    case 'ContributionWithdrawn':
    case 'ContributionRejected':
    case 'ContributionValidated': {
      const { view, programme } = contributionOf(state, event.data.contributionId);
      assert(isCounted(view.review), `${event.type} after ${view.review}`);
      uncount(programme, view);
      view.review = event.type === 'ContributionWithdrawn' ? 'withdrawn' : event.type === 'ContributionRejected' ? 'rejected' : 'validated';
      touch(view, event, 'reason' in event.data ? event.data.reason : undefined);
      count(programme, view);
      return state;
    }
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${(never as { type: string }).type}`);
    }
  }
}

function programmeOf(state: LedgerState, programmeId: string): ProgrammeView {
  const programme = state.programmes.get(programmeId);
  assert(programme, `event for unknown programme ${programmeId}`);
  return programme;
}

function contributionOf(state: LedgerState, contributionId: string): { view: ContributionView; programme: ProgrammeView } {
  const view = state.contributions.get(contributionId);
  assert(view, `event for unknown contribution ${contributionId}`);
  return { view, programme: programmeOf(state, view.programmeId) };
}

function touch(view: ContributionView, event: ProjectedEvent, reason: string | undefined): void {
  view.version = event.streamVersion;
  view.updatedAt = event.recordedAt;
  if (reason !== undefined) view.lastReason = reason;
}

function indexByKind(programme: ProgrammeView, view: ContributionView): void {
  let ids = programme.contributionsByKind.get(view.content.kind);
  if (!ids) programme.contributionsByKind.set(view.content.kind, (ids = new Set()));
  ids.add(view.contributionId);
}

function applyValuation(programme: ProgrammeView, view: ContributionView): void {
  const valuation = valueContributionInCents(view.content, programme.ratesByKind.get(view.content.kind) ?? []);
  view.valueCents = valuation.cents;
  view.rateSource = valuation.rateSource;
  view.rateId = valuation.rateId;
  view.rateAmount = valuation.rateAmount;
  view.rateBasis = valuation.rateBasis;
  view.unvaluedReason = valuation.unvaluedReason;
}

function cellKey(view: ContributionView): string {
  const c = view.content;
  return `${c.status}|${c.date.slice(0, 4)}|${c.actionId ?? ''}|${c.siteId ?? ''}|${c.partnerId}|${c.kind}|${view.review === 'validated' ? 1 : 0}`;
}

function count(programme: ProgrammeView, view: ContributionView): void {
  if (!isCounted(view.review)) return;
  if (view.valueCents === null) {
    const c = view.content;
    programme.unvalued.set({
      contributionId: view.contributionId,
      partnerId: c.partnerId,
      reason: view.unvaluedReason ?? 'no rate',
      status: c.status,
      year: Number(c.date.slice(0, 4)),
      actionId: c.actionId ?? null,
      validated: view.review === 'validated',
    });
    return;
  }
  const key = cellKey(view);
  let cell = programme.aggregates.get(key);
  if (!cell) {
    const c = view.content;
    cell = {
      status: c.status,
      year: Number(c.date.slice(0, 4)),
      actionId: c.actionId ?? null,
      siteId: c.siteId ?? null,
      partnerId: c.partnerId,
      kind: c.kind,
      validated: view.review === 'validated',
      cents: 0,
      count: 0,
    };
    programme.aggregates.set(key, cell);
  }
  cell.cents += view.valueCents;
  cell.count += 1;
  assert(Number.isSafeInteger(cell.cents), 'aggregate out of range');
}

function uncount(programme: ProgrammeView, view: ContributionView): void {
  if (!isCounted(view.review)) return;
  if (view.valueCents === null) {
    programme.unvalued.delete(view.contributionId);
    return;
  }
  const cell = programme.aggregates.get(cellKey(view));
  assert(cell && cell.count > 0, `uncounting ${view.contributionId} that was never counted`);
  cell.cents -= view.valueCents;
  cell.count -= 1;
  if (cell.count === 0) {
    assert(cell.cents === 0, 'an empty aggregate cell must hold zero');
    programme.aggregates.delete(cellKey(view));
  }
}
