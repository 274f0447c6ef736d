// The ledger read model: every programme's set-up and every contribution's current state and value,
// plus running aggregates of valued contributions so that totals never walk the whole log. A
// contribution's history is not kept here: its own stream holds it (contribution-history.ts reads
// it on demand), and leaving it out keeps the model small, which makes replays and snapshots faster.
// Rates are facts: a new rate revalues the contributions it covers, moving the aggregates by the
// difference; replaying to an earlier position shows the old values.
//
// Versions. Readers hold one version of this state while the live projection folds new events
// (reading-as-of in architecture.md), so a version, once handed out, is never written again:
//   - a state belongs to a draft (its `owner` token); evolve changes in place only what the draft
//     owns, and copies the rest on first change (copy-on-write, path by path);
//   - `thaw` starts a new draft from a published version in O(programmes + shards): it shares every
//     part, and the parts it changes are copied then (a programme's set-up, the shards of the big
//     maps that change: cow-map.ts; the last chunk of the id lists: id-list.ts);
//   - contribution views and aggregate cells are values: a change makes a new object.
// A replay that nobody reads while it runs stays in one draft, so it mutates in place at about the
// cost of plain Maps; a version a reader keeps pins only what changed after it, never the history.
import { contributionKeyOfStream, isScenarioEvent, isServiceEvent, type ContributionContent, type ScenarioEvent, type ServiceEvent } from '../domain/events.ts';
import type { ContributionKind, ContributionStatus } from '../domain/kinds.ts';
import type { Action, ActionSheet, Axis, Partner, Rate, Site } from '../domain/programme/state.ts';
import type { Review } from '../domain/contribution/state.ts';
import { valueContributionInCents, type RateSource } from '../domain/valuation.ts';
import { addCents, subtractCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import { assert, NotFoundError } from '../domain/errors.ts';
import type { ProjectedEvent, Projection } from './projection.ts';
import { UnvaluedIndex } from './unvalued-index.ts';
import { CowMap } from './cow-map.ts';
import { IdList } from './id-list.ts';
import { DOMAIN_FR } from '../messages/fr.ts';

export interface ContributionView {
  /** Its key in the read model: its stream's name without the prefix (a contribution's identity is its programme, partner and id: events.ts). */
  key: string;
  /** The id its client gave it. */
  contributionId: string;
  programmeId: string;
  content: ContributionContent;
  review: Review;
  version: number;
  recordedAt: string;
  updatedAt: string;
  /** Integer cents; null when unvalued. */
  valueCents: Cents | null;
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
  cents: Cents;
  count: number;
}

/** A publication of the programme's figures, and the global position it stands at. */
export interface PublicationView {
  publicationId: string;
  note?: string;
  position: number;
}

/** Identity of one draft of the state: the parts tagged with it may change in place. */
export type DraftOwner = { readonly draft: true };

export interface ProgrammeView {
  /** The draft this programme object belongs to (see the header). */
  owner: DraftOwner;
  programmeId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  territory?: string;
  partners: Map<string, Partner>;
  axes: Map<string, Axis>;
  actions: Map<string, Action>;
  /** Each action's fiche facts (services concernés, enjeux, objectifs, calendrier), as last set. */
  actionSheets: Map<string, ActionSheet>;
  sites: Map<string, Site>;
  rates: Map<string, Rate>;
  ratesByKind: Map<ContributionKind, Rate[]>;
  /** Contributions' keys (see ContributionView) in the order they were recorded. */
  contributionIds: IdList;
  aggregates: CowMap<string, AggregateCell>;
  /** Counted (pending or validated) contributions that no rate values, with their coordinates. */
  unvalued: UnvaluedIndex;
  /**
   * What a partner may be shown of this programme, by position (partner-view.ts): the publications
   * (FiguresPublished), in order; the last event of the programme's own stream (set-up or
   * publication) public to its partners; and, per partner, the last event of one of its
   * contributions' streams (for a correction that moves a contribution, both partners') or of a
   * rate set for it alone.
   */
  publications: PublicationView[];
  lastPublicPosition: number;
  lastPositionByPartner: Map<string, number>;
}

export interface LedgerState {
  /** The draft this state is (see the header). */
  owner: DraftOwner;
  programmes: Map<string, ProgrammeView>;
  contributions: CowMap<string, ContributionView>;
}

/** Shards of the map of all contributions: at a million contributions, a shard copied on change holds about 250. */
export const CONTRIBUTION_SHARDS = 4096;
const AGGREGATE_SHARDS = 256;

export function newDraftOwner(): DraftOwner {
  return { draft: true };
}

export const ledgerProjection: Projection<LedgerState> = {
  name: 'ledger',
  initialState: () => ({ owner: newDraftOwner(), programmes: new Map(), contributions: new CowMap(CONTRIBUTION_SHARDS) }),
  evolve: evolveLedger,
  thaw: thawLedger,
};

/** A new draft that shares every part of a published version (see the header). */
function thawLedger(published: LedgerState): LedgerState {
  return { owner: newDraftOwner(), programmes: new Map(published.programmes), contributions: published.contributions.fork() };
}

/** The programme as this draft's own object: its set-up maps copied, its big parts forked. */
function draftProgramme(state: LedgerState, programmeId: string): ProgrammeView {
  const programme = programmeOf(state, programmeId);
  if (programme.owner === state.owner) return programme;
  const draft: ProgrammeView = {
    ...programme,
    owner: state.owner,
    partners: new Map(programme.partners),
    axes: new Map(programme.axes),
    actions: new Map(programme.actions),
    actionSheets: new Map(programme.actionSheets),
    sites: new Map(programme.sites),
    rates: new Map(programme.rates),
    ratesByKind: new Map([...programme.ratesByKind].map(([kind, rates]) => [kind, rates.slice()])),
    contributionIds: programme.contributionIds.fork(),
    aggregates: programme.aggregates.fork(),
    unvalued: programme.unvalued.fork(),
    publications: programme.publications.slice(),
    lastPositionByPartner: new Map(programme.lastPositionByPartner),
  };
  state.programmes.set(programmeId, draft);
  return draft;
}

/** An empty programme of this draft. */
export function newProgrammeView(owner: DraftOwner, opened: Pick<ProgrammeView, 'programmeId' | 'name' | 'startsOn' | 'endsOn' | 'territory'>): ProgrammeView {
  return {
    owner,
    programmeId: opened.programmeId,
    name: opened.name,
    startsOn: opened.startsOn,
    endsOn: opened.endsOn,
    ...(opened.territory !== undefined && { territory: opened.territory }),
    partners: new Map(),
    axes: new Map(),
    actions: new Map(),
    actionSheets: new Map(),
    sites: new Map(),
    rates: new Map(),
    ratesByKind: new Map(),
    contributionIds: new IdList(),
    aggregates: new CowMap(AGGREGATE_SHARDS),
    unvalued: new UnvaluedIndex(),
    publications: [],
    lastPublicPosition: 0,
    lastPositionByPartner: new Map(),
  };
}

export function isCounted(review: Review): boolean {
  return review === 'pending' || review === 'validated';
}

/** The events the books fold: all but the service facts'. */
type BookEvent = ProjectedEvent & { type: Exclude<ProjectedEvent['type'], ServiceEvent['type'] | ScenarioEvent['type']> };

function evolveLedger(state: LedgerState, event: ProjectedEvent): LedgerState {
  // Service hours and indicators are not the books': their reports fold their own stream
  // (service-book.ts). They are the programme's public facts (opening hours, indicators), like its
  // set-up: every partner of the programme may be shown the position they stand at.
  if (isServiceEvent(event)) {
    draftProgramme(state, event.data.programmeId).lastPublicPosition = event.position;
    return state;
  }
  // What-if scenarios (issue 16) are never the books': a scenario's figures fold its facts into a
  // copy of a version (scenario-fold.ts), and this fold skips them, so no hypothesis reaches the
  // real totals. They are the coordination's working notes: no partner is shown their position.
  if (isScenarioEvent(event)) return state;
  const books = event as BookEvent;
  const movedFrom = books.type === 'ContributionCorrected' ? state.contributions.get(contributionKeyOfStream(books.stream))?.content.partnerId : undefined;
  evolveBooks(state, books);
  noteWhoSees(state, books, movedFrom);
  return state;
}

/**
 * Positions a partner may be shown (see ProgrammeView): after the event is folded, so that the
 * programme exists; a correction that moves a contribution to another partner concerns both.
 */
function noteWhoSees(state: LedgerState, event: BookEvent, movedFrom: string | undefined): void {
  const programme = draftProgramme(state, event.data.programmeId);
  switch (event.type) {
    case 'ProgrammeOpened':
    case 'PartnerJoined':
    case 'AxisDefined':
    case 'ActionDefined':
    case 'SiteRegistered':
    // closings (issue 16): public to the programme's partners, as its set-up is
    case 'PeriodClosed':
    case 'PeriodReopened':
    case 'ClosingPolicySet':
    // the fiche action (issue 14): the programme's public set-up, as its actions are
    case 'ActionSheetSet':
      programme.lastPublicPosition = event.position;
      return;
    case 'ValuationRateSet':
      // A rate set for one partner is that partner's business: the others see neither it nor any
      // value it moves (theirs it does not), so its position is not theirs to read at either.
      if (event.data.partnerId !== undefined) programme.lastPositionByPartner.set(event.data.partnerId, event.position);
      else programme.lastPublicPosition = event.position;
      return;
    case 'FiguresPublished':
      programme.lastPublicPosition = event.position;
      programme.publications.push({
        publicationId: event.data.publicationId,
        ...(event.data.note !== undefined && { note: event.data.note }),
        position: event.position,
      });
      return;
    default: {
      // A correction that moves the contribution to another partner concerns the former one too.
      if (movedFrom !== undefined) programme.lastPositionByPartner.set(movedFrom, event.position);
      const view = state.contributions.get(contributionKeyOfStream(event.stream))!;
      programme.lastPositionByPartner.set(view.content.partnerId, event.position);
    }
  }
}

function evolveBooks(state: LedgerState, event: BookEvent): LedgerState {
  switch (event.type) {
    case 'ProgrammeOpened': {
      const d = event.data;
      assert(!state.programmes.has(d.programmeId), `programme ${d.programmeId} opened twice`);
      state.programmes.set(d.programmeId, newProgrammeView(state.owner, d));
      return state;
    }
    case 'PartnerJoined': {
      const { programmeId, ...partner } = event.data;
      draftProgramme(state, programmeId).partners.set(partner.partnerId, partner);
      return state;
    }
    case 'AxisDefined': {
      const { programmeId, ...axis } = event.data;
      draftProgramme(state, programmeId).axes.set(axis.axisId, axis);
      return state;
    }
    case 'ActionDefined': {
      const { programmeId, ...action } = event.data;
      draftProgramme(state, programmeId).actions.set(action.actionId, action);
      return state;
    }
    case 'SiteRegistered': {
      const { programmeId, ...site } = event.data;
      draftProgramme(state, programmeId).sites.set(site.siteId, site);
      return state;
    }
    case 'ValuationRateSet':
      setRate(state, event.data);
      return state;
    case 'ActionSheetSet':
      return setActionSheet(state, event.data);
    case 'FiguresPublished':
    // closings (issue 16): the books do not change; the closed account is read at its position (src/app/closings.ts)
    case 'PeriodClosed':
    case 'PeriodReopened':
    case 'ClosingPolicySet':
      return state;
    case 'ContributionRecorded':
      recordContribution(state, event);
      return state;
    case 'ContributionCorrected': {
      const { view, programme } = contributionOf(state, contributionKeyOfStream(event.stream));
      uncount(programme, view);
      const corrected = valued(programme, touched(view, event, event.data.content, 'pending', event.data.reason));
      state.contributions.set(corrected.key, corrected);
      count(programme, corrected);
      return state;
    }
    case 'ContributionWithdrawn':
    case 'ContributionRejected':
    case 'ContributionValidated': {
      const { view, programme } = contributionOf(state, contributionKeyOfStream(event.stream));
      assert(isCounted(view.review), `${event.type} after ${view.review}`);
      uncount(programme, view);
      const review = event.type === 'ContributionWithdrawn' ? 'withdrawn' : event.type === 'ContributionRejected' ? 'rejected' : 'validated';
      const reviewed = touched(view, event, view.content, review, 'reason' in event.data ? event.data.reason : undefined);
      state.contributions.set(reviewed.key, reviewed);
      count(programme, reviewed);
      return state;
    }
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${(never as { type: string }).type}`);
    }
  }
}

/** The fiche action's facts of an action, replacing those before (latest wins). */
function setActionSheet(state: LedgerState, data: Extract<BookEvent, { type: 'ActionSheetSet' }>['data']): LedgerState {
  const programme = draftProgramme(state, data.programmeId);
  assert(programme.actions.has(data.actionId), `fiche of unknown action ${data.actionId}`);
  programme.actionSheets.set(data.actionId, data.sheet);
  return state;
}

/** A new rate, and every contribution of its kind valued again (rates are rare). */
function setRate(state: LedgerState, event: Extract<BookEvent, { type: 'ValuationRateSet' }>['data']): void {
  const { programmeId, ...data } = event;
  const programme = draftProgramme(state, programmeId);
  // The decider never sets a rate id twice; the snapshot relies on it (one object per id).
  assert(!programme.rates.has(data.rateId), `rate ${data.rateId} set twice`);
  const rate: Rate = { ...data, sequence: programme.rates.size };
  programme.rates.set(rate.rateId, rate);
  const sameKind = programme.ratesByKind.get(rate.kind) ?? [];
  sameKind.push(rate);
  programme.ratesByKind.set(rate.kind, sameKind);
  // Rates are rare and a programme's contributions are walked once per rate: no index by kind
  // to keep on every write and in every version.
  for (const id of programme.contributionIds) {
    const view = state.contributions.get(id)!;
    if (view.content.kind !== rate.kind) continue;
    uncount(programme, view);
    const revalued = valued(programme, view);
    state.contributions.set(id, revalued);
    count(programme, revalued);
  }
}

/** A contribution's first event: its view, valued, counted in its programme's aggregates. */
function recordContribution(state: LedgerState, event: Extract<BookEvent, { type: 'ContributionRecorded' }>): void {
  const { programmeId, contributionId, content } = event.data;
  const programme = draftProgramme(state, programmeId);
  const key = contributionKeyOfStream(event.stream);
  assert(!state.contributions.has(key), `contribution ${key} recorded twice`);
  const recorded: ContributionView = {
    key,
    contributionId,
    programmeId,
    content,
    review: 'pending',
    version: event.streamVersion,
    recordedAt: event.recordedAt,
    updatedAt: event.recordedAt,
    valueCents: null,
    rateSource: undefined,
    rateId: undefined,
    rateAmount: undefined,
    rateBasis: undefined,
    unvaluedReason: undefined,
    lastReason: undefined,
  };
  const view = valued(programme, recorded);
  state.contributions.set(key, view);
  programme.contributionIds.push(key);
  count(programme, view);
}

/** The programme a read asks for, or a 404-like error. */
export function requireProgramme(state: LedgerState, programmeId: string): ProgrammeView {
  const programme = state.programmes.get(programmeId);
  if (!programme) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  return programme;
}

/**
 * The action a filter names, or NotFoundError: every read that filters by action (totals, every
 * workbook, the API and the command line alike) refuses an unknown one rather than answer zeros.
 */
export function requireAction(programme: ProgrammeView, actionId: string): Action {
  const action = programme.actions.get(actionId);
  if (!action) throw new NotFoundError(DOMAIN_FR.unknownActionIn(actionId, programme.programmeId));
  return action;
}

function programmeOf(state: LedgerState, programmeId: string): ProgrammeView {
  const programme = state.programmes.get(programmeId);
  assert(programme, `event for unknown programme ${programmeId}`);
  return programme;
}

function contributionOf(state: LedgerState, key: string): { view: ContributionView; programme: ProgrammeView } {
  const view = state.contributions.get(key);
  assert(view, `event for unknown contribution ${key}`);
  return { view, programme: draftProgramme(state, view.programmeId) };
}

/**
 * The view after a later event of its stream: a new object (views are values, see the header),
 * written as a literal of fixed shape rather than a spread, which is several times slower per event
 * on a replay and leaves V8 less regular objects.
 */
function touched(view: ContributionView, event: ProjectedEvent, content: ContributionContent, review: Review, reason: string | undefined): ContributionView {
  return {
    key: view.key,
    contributionId: view.contributionId,
    programmeId: view.programmeId,
    content,
    review,
    version: event.streamVersion,
    recordedAt: view.recordedAt,
    updatedAt: event.recordedAt,
    valueCents: view.valueCents,
    rateSource: view.rateSource,
    rateId: view.rateId,
    rateAmount: view.rateAmount,
    rateBasis: view.rateBasis,
    unvaluedReason: view.unvaluedReason,
    lastReason: reason ?? view.lastReason,
  };
}

/** The view with its valuation at the programme's rates now: a new object of the same fixed shape. */
function valued(programme: ProgrammeView, view: ContributionView): ContributionView {
  const valuation = valueContributionInCents(view.content, programme.ratesByKind.get(view.content.kind) ?? []);
  return {
    key: view.key,
    contributionId: view.contributionId,
    programmeId: view.programmeId,
    content: view.content,
    review: view.review,
    version: view.version,
    recordedAt: view.recordedAt,
    updatedAt: view.updatedAt,
    valueCents: valuation.cents,
    rateSource: valuation.rateSource,
    rateId: valuation.rateId,
    rateAmount: valuation.rateAmount,
    rateBasis: valuation.rateBasis,
    unvaluedReason: valuation.unvaluedReason,
    lastReason: view.lastReason,
  };
}

/** A cell with other sums: a literal of fixed shape (see touched). */
function cellWith(cell: AggregateCell, cents: Cents, count: number): AggregateCell {
  return { status: cell.status, year: cell.year, actionId: cell.actionId, siteId: cell.siteId, partnerId: cell.partnerId, kind: cell.kind, validated: cell.validated, cents, count };
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
      key: view.key,
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
      cents: ZERO_CENTS,
      count: 0,
    };
  }
  // Cells are values: the version a reader holds keeps the old one.
  const cents = addCents(cell.cents, view.valueCents);
  programme.aggregates.set(key, cellWith(cell, cents, cell.count + 1));
}

function uncount(programme: ProgrammeView, view: ContributionView): void {
  if (!isCounted(view.review)) return;
  if (view.valueCents === null) {
    programme.unvalued.delete(view.key);
    return;
  }
  const key = cellKey(view);
  const cell = programme.aggregates.get(key);
  assert(cell && cell.count > 0, `uncounting ${view.contributionId} that was never counted`);
  const cents = subtractCents(cell.cents, view.valueCents);
  const count = cell.count - 1;
  if (count === 0) {
    assert(cents === 0, 'an empty aggregate cell must hold zero');
    programme.aggregates.delete(key);
  } else {
    programme.aggregates.set(key, cellWith(cell, cents, count));
  }
}
