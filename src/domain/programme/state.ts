// A programme's set-up as the deciders see it: built only from its own stream's events.
import type { ActionSheetContent, ClosingPolicy, EventData, ProgrammeEvent } from '../events.ts';
import { assert } from '../errors.ts';

export type Partner = Omit<EventData<'PartnerJoined'>, 'programmeId'>;
export type Axis = Omit<EventData<'AxisDefined'>, 'programmeId'>;
export type Action = Omit<EventData<'ActionDefined'>, 'programmeId'>;
export type Site = Omit<EventData<'SiteRegistered'>, 'programmeId'>;
/** A valuation rate and the order it was set in (later wins among equals). */
export type Publication = Omit<EventData<'FiguresPublished'>, 'programmeId'>;
export type Rate = Omit<EventData<'ValuationRateSet'>, 'programmeId'> & { sequence: number };

export interface ProgrammeState {
  opened?: EventData<'ProgrammeOpened'>;
  partners: Map<string, Partner>;
  axes: Map<string, Axis>;
  actions: Map<string, Action>;
  sites: Map<string, Site>;
  rates: Map<string, Rate>;
  publications: Map<string, Publication>;
  /** The years closed now (a reopened year is not), with the position and hash their account stands at. */
  closings: Map<number, Closing>;
  /** What a closed year accepts afterwards (default: every adjustment, each listed). */
  closingPolicy: ClosingPolicy;
  /** Each action's fiche facts, by action id (absent: never set). */
  actionSheets: Map<string, ActionSheet>;
}

/** The fiche action's facts of one action, as last set (ActionSheetSet: latest wins). */
export type ActionSheet = ActionSheetContent;

export type Closing = Omit<EventData<'PeriodClosed'>, 'programmeId' | 'year'>;

export function initialProgrammeState(): ProgrammeState {
  return { partners: new Map(), axes: new Map(), actions: new Map(), sites: new Map(), rates: new Map(), publications: new Map(), closings: new Map(), closingPolicy: 'allow', actionSheets: new Map() };
}

/** Mutates and returns `state`: the owner (a handler's cache or a projection) holds the only reference. */
export function evolveProgramme(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  if (event.type !== 'ProgrammeOpened') assert(state.opened, `${event.type} before ProgrammeOpened`);
  switch (event.type) {
    case 'ProgrammeOpened':
      assert(!state.opened, 'programme opened twice');
      state.opened = event.data;
      return state;
    case 'PartnerJoined': {
      const { programmeId: _, ...partner } = event.data;
      state.partners.set(partner.partnerId, partner);
      return state;
    }
    case 'AxisDefined': {
      const { programmeId: _, ...axis } = event.data;
      state.axes.set(axis.axisId, axis);
      return state;
    }
    case 'ActionDefined': {
      const { programmeId: _, ...action } = event.data;
      state.actions.set(action.actionId, action);
      return state;
    }
    case 'SiteRegistered': {
      const { programmeId: _, ...site } = event.data;
      state.sites.set(site.siteId, site);
      return state;
    }
    case 'ValuationRateSet': {
      const { programmeId: _, ...rate } = event.data;
      assert(!rate.validUntil || rate.validUntil >= rate.validFrom, 'rate validity ends before it starts');
      state.rates.set(rate.rateId, { ...rate, sequence: state.rates.size });
      return state;
    }
    case 'FiguresPublished': {
      const { programmeId: _, ...publication } = event.data;
      state.publications.set(publication.publicationId, publication);
      return state;
    }
    case 'PeriodClosed': {
      const { programmeId: _, year, ...closing } = event.data;
      assert(!state.closings.has(year), `year ${year} closed twice`);
      state.closings.set(year, closing);
      return state;
    }
    case 'PeriodReopened':
      assert(state.closings.has(event.data.year), `year ${event.data.year} reopened but not closed`);
      state.closings.delete(event.data.year);
      return state;
    case 'ClosingPolicySet':
      state.closingPolicy = event.data.policy;
      return state;
    case 'ActionSheetSet':
      assert(state.actions.has(event.data.actionId), `fiche of unknown action ${event.data.actionId}`);
      state.actionSheets.set(event.data.actionId, event.data.sheet);
      return state;
    default: {
      const never: never = event;
      throw new Error(`unhandled programme event ${(never as { type: string }).type}`);
    }
  }
}
