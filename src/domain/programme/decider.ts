// Programme set-up: open a programme, then add partners, axes, actions, sites and valuation rates.
// Every command carries its own id; repeating a command with the same content decides nothing (so a
// retried request is harmless), the same id with other content is a conflict.
import type { EventData, ProgrammeEvent } from '../events.ts';
import { ConflictError, invalid, NotFoundError } from '../errors.ts';
import { UNIT_OF_KIND, isMoneyKind } from '../kinds.ts';
import { canonicalJson } from '../canonical-json.ts';
import { limitBreach, RATE_LIMIT_EUR } from '../limits.ts';
import type { ProgrammeState } from './state.ts';

export type ProgrammeCommand =
  | { type: 'OpenProgramme'; data: EventData<'ProgrammeOpened'> }
  | { type: 'AddPartner'; data: EventData<'PartnerJoined'> }
  | { type: 'DefineAxis'; data: EventData<'AxisDefined'> }
  | { type: 'DefineAction'; data: EventData<'ActionDefined'> }
  | { type: 'RegisterSite'; data: EventData<'SiteRegistered'> }
  | { type: 'SetValuationRate'; data: EventData<'ValuationRateSet'> }
  | { type: 'PublishFigures'; data: EventData<'FiguresPublished'> };

export function decideProgramme(command: ProgrammeCommand, state: ProgrammeState): ProgrammeEvent[] {
  if (command.type === 'OpenProgramme') {
    const data = command.data;
    if (state.opened) return sameOrConflict(state.opened, data, `programme ${data.programmeId}`);
    if (data.endsOn < data.startsOn) throw invalid('endsOn', 'the programme must end on or after its start');
    return [{ type: 'ProgrammeOpened', data }];
  }
  if (!state.opened) throw new NotFoundError(`unknown programme ${command.data.programmeId}`);

  switch (command.type) {
    case 'AddPartner': {
      const { data } = command;
      const existing = state.partners.get(data.partnerId);
      if (existing) return sameOrConflict(existing, strip(data), `partner ${data.partnerId}`);
      return [{ type: 'PartnerJoined', data }];
    }
    case 'DefineAxis': {
      const { data } = command;
      const existing = state.axes.get(data.axisId);
      if (existing) return sameOrConflict(existing, strip(data), `axis ${data.axisId}`);
      return [{ type: 'AxisDefined', data }];
    }
    case 'DefineAction': {
      const { data } = command;
      const existing = state.actions.get(data.actionId);
      if (existing) return sameOrConflict(existing, strip(data), `action ${data.actionId}`);
      if (data.axisId !== undefined && !state.axes.has(data.axisId)) throw invalid('axisId', `unknown axis ${data.axisId}`);
      if (data.pilotPartnerId !== undefined && !state.partners.has(data.pilotPartnerId))
        throw invalid('pilotPartnerId', `unknown partner ${data.pilotPartnerId}`);
      for (const action of state.actions.values())
        if (action.number === data.number) throw invalid('number', `action number ${data.number} is already ${action.actionId}`);
      return [{ type: 'ActionDefined', data }];
    }
    case 'RegisterSite': {
      const { data } = command;
      const existing = state.sites.get(data.siteId);
      if (existing) return sameOrConflict(existing, strip(data), `site ${data.siteId}`);
      if (data.partnerId !== undefined && !state.partners.has(data.partnerId))
        throw invalid('partnerId', `unknown partner ${data.partnerId}`);
      return [{ type: 'SiteRegistered', data }];
    }
    case 'SetValuationRate': {
      const { data } = command;
      const existing = state.rates.get(data.rateId);
      if (existing) {
        const { sequence: _, ...stored } = existing;
        return sameOrConflict(stored, strip(data), `rate ${data.rateId}`);
      }
      if (isMoneyKind(data.kind)) throw invalid('kind', `${data.kind} is counted in euros and takes no rate`);
      // Also in the schema; checked here too so that every way in meets limits.ts's rule, which
      // bounds the value of every contribution this rate may ever revalue.
      const breach = limitBreach(data.amount, RATE_LIMIT_EUR);
      if (breach !== undefined) throw invalid('amount', breach);
      if (data.unit !== UNIT_OF_KIND[data.kind])
        throw invalid('unit', `${data.kind} is counted in ${UNIT_OF_KIND[data.kind]}, not ${data.unit}`);
      if (data.validUntil !== undefined && data.validUntil < data.validFrom)
        throw invalid('validUntil', 'the rate must end on or after its start');
      if (data.partnerId !== undefined && !state.partners.has(data.partnerId))
        throw invalid('partnerId', `unknown partner ${data.partnerId}`);
      return [{ type: 'ValuationRateSet', data }];
    }
    case 'PublishFigures': {
      const { data } = command;
      const existing = state.publications.get(data.publicationId);
      if (existing) return sameOrConflict(existing, strip(data), `publication ${data.publicationId}`);
      return [{ type: 'FiguresPublished', data }];
    }
    default: {
      const never: never = command;
      throw new Error(`unhandled programme command ${(never as { type: string }).type}`);
    }
  }
}

function strip<T extends { programmeId: string }>(data: T): Omit<T, 'programmeId'> {
  const { programmeId: _, ...rest } = data;
  return rest;
}

/** Idempotency: the same content again decides nothing; other content under the same id is a conflict. */
function sameOrConflict(stored: object, asked: object, what: string): [] {
  if (canonicalJson(stored) === canonicalJson(asked)) return [];
  throw new ConflictError(`${what} already exists with different content`);
}
