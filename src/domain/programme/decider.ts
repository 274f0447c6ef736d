// Programme set-up: open a programme, then add partners, axes, actions, sites and valuation rates.
// Every command carries its own id; repeating a command with the same content decides nothing (so a
// retried request is harmless), the same id with other content is a conflict.
import type { ActionSheetContent, EventData, ProgrammeEvent } from '../events.ts';
import type { FieldError } from '../errors.ts';
import { ConflictError, invalid, InvalidCommandError, NotFoundError } from '../errors.ts';
import { UNIT_OF_KIND, isMoneyKind } from '../kinds.ts';
import { canonicalJson } from '../canonical-json.ts';
import { limitBreach, MAX_CALENDAR_STEPS, MAX_SHEET_TEXT_CHARS, RATE_LIMIT_EUR } from '../limits.ts';
import { evolveProgramme, initialProgrammeState, type ProgrammeState } from './state.ts';
import type { Decider } from '../decider.ts';
import { DOMAIN_FR } from '../../messages/fr.ts';

export type ProgrammeCommand =
  | { type: 'OpenProgramme'; data: EventData<'ProgrammeOpened'> }
  | { type: 'AddPartner'; data: EventData<'PartnerJoined'> }
  | { type: 'DefineAxis'; data: EventData<'AxisDefined'> }
  | { type: 'DefineAction'; data: EventData<'ActionDefined'> }
  | { type: 'RegisterSite'; data: EventData<'SiteRegistered'> }
  | { type: 'SetValuationRate'; data: EventData<'ValuationRateSet'> }
  | { type: 'PublishFigures'; data: EventData<'FiguresPublished'> }
  // closings (issue 16): the command side fills position and headHash with the head it read
  | { type: 'ClosePeriod'; data: EventData<'PeriodClosed'> }
  | { type: 'ReopenPeriod'; data: EventData<'PeriodReopened'> }
  | { type: 'SetClosingPolicy'; data: EventData<'ClosingPolicySet'> }
  // the fiche action (issue 14, point 7): the whole sheet, replacing the one before
  | { type: 'SetActionSheet'; data: EventData<'ActionSheetSet'> };

export function decideProgramme(command: ProgrammeCommand, state: ProgrammeState): ProgrammeEvent[] {
  if (command.type === 'OpenProgramme') {
    const data = command.data;
    if (state.opened) return sameOrConflict(state.opened, data, DOMAIN_FR.programmeNamed(data.programmeId));
    if (data.endsOn < data.startsOn) throw invalid('endsOn', DOMAIN_FR.programmeEndsBeforeStart);
    return [{ type: 'ProgrammeOpened', data }];
  }
  if (!state.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(command.data.programmeId));

  switch (command.type) {
    case 'AddPartner': {
      const { data } = command;
      const existing = state.partners.get(data.partnerId);
      if (existing) return sameOrConflict(existing, strip(data), DOMAIN_FR.partnerNamed(data.partnerId));
      return [{ type: 'PartnerJoined', data }];
    }
    case 'DefineAxis': {
      const { data } = command;
      const existing = state.axes.get(data.axisId);
      if (existing) return sameOrConflict(existing, strip(data), DOMAIN_FR.axisNamed(data.axisId));
      return [{ type: 'AxisDefined', data }];
    }
    case 'DefineAction': {
      const { data } = command;
      const existing = state.actions.get(data.actionId);
      if (existing) return sameOrConflict(existing, strip(data), DOMAIN_FR.actionNamed(data.actionId));
      if (data.axisId !== undefined && !state.axes.has(data.axisId)) throw invalid('axisId', DOMAIN_FR.unknownAxis(data.axisId));
      if (data.pilotPartnerId !== undefined && !state.partners.has(data.pilotPartnerId))
        throw invalid('pilotPartnerId', DOMAIN_FR.unknownPartner(data.pilotPartnerId));
      for (const action of state.actions.values())
        if (action.number === data.number) throw invalid('number', DOMAIN_FR.actionNumberTaken(data.number, action.actionId));
      return [{ type: 'ActionDefined', data }];
    }
    case 'RegisterSite': {
      const { data } = command;
      const existing = state.sites.get(data.siteId);
      if (existing) return sameOrConflict(existing, strip(data), DOMAIN_FR.siteNamed(data.siteId));
      if (data.partnerId !== undefined && !state.partners.has(data.partnerId))
        throw invalid('partnerId', DOMAIN_FR.unknownPartner(data.partnerId));
      return [{ type: 'SiteRegistered', data }];
    }
    case 'SetValuationRate':
      return decideRate(command.data, state);
    case 'PublishFigures': {
      const { data } = command;
      const existing = state.publications.get(data.publicationId);
      if (existing) return sameOrConflict(existing, strip(data), `publication ${data.publicationId}`);
      return [{ type: 'FiguresPublished', data }];
    }
    case 'ClosePeriod':
    case 'ReopenPeriod':
    case 'SetClosingPolicy':
      return decideClosing(command, state);
    case 'SetActionSheet':
      return decideActionSheet(command.data, state);
    default: {
      const never: never = command;
      throw new Error(`unhandled programme command ${(never as { type: string }).type}`);
    }
  }
}

/** Closing a year (once: closing it twice is refused), reopening it (with a reason), and the policy for what follows. */
function decideClosing(command: Extract<ProgrammeCommand, { type: 'ClosePeriod' | 'ReopenPeriod' | 'SetClosingPolicy' }>, state: ProgrammeState): ProgrammeEvent[] {
  if (command.type === 'SetClosingPolicy') return state.closingPolicy === command.data.policy ? [] : [{ type: 'ClosingPolicySet', data: command.data }];
  const { year, reason } = command.data;
  if (reason.trim() === '') throw invalid('reason', DOMAIN_FR.reasonRequired);
  const closed = state.closings.get(year);
  if (command.type === 'ReopenPeriod') {
    if (!closed) throw new ConflictError(DOMAIN_FR.yearNotClosed(year));
    return [{ type: 'PeriodReopened', data: command.data }];
  }
  if (closed) throw new ConflictError(DOMAIN_FR.yearAlreadyClosed(year, closed.position));
  const opened = state.opened!;
  if (year < Number(opened.startsOn.slice(0, 4)) || year > Number(opened.endsOn.slice(0, 4)))
    throw invalid('year', DOMAIN_FR.yearOutsideProgramme(year, opened.startsOn, opened.endsOn));
  return [{ type: 'PeriodClosed', data: command.data }];
}

function strip<T extends { programmeId: string }>(data: T): Omit<T, 'programmeId'> {
  const { programmeId: _, ...rest } = data;
  return rest;
}

/** Idempotency: the same content again decides nothing; other content under the same id is a conflict. */
function sameOrConflict(stored: object, asked: object, what: string): [] {
  if (canonicalJson(stored) === canonicalJson(asked)) return [];
  throw new ConflictError(DOMAIN_FR.alreadyExists(what));
}

/** A programme's set-up stream as a decider (evolve mutates: see evolveProgramme). */
export const programmeDecider: Decider<ProgrammeCommand, ProgrammeEvent, ProgrammeState> = {
  initialState: initialProgrammeState,
  evolve: evolveProgramme,
  decide: (command, state) => decideProgramme(command, state),
};

/** A valuation rate: the same again decides nothing; a money kind takes none; bounded, on its kind's unit, within its dates. */
function decideRate(data: EventData<'ValuationRateSet'>, state: ProgrammeState): ProgrammeEvent[] {
  const existing = state.rates.get(data.rateId);
  if (existing) {
    const { sequence: _, ...stored } = existing;
    return sameOrConflict(stored, strip(data), DOMAIN_FR.rateNamed(data.rateId));
  }
  if (isMoneyKind(data.kind)) throw invalid('kind', DOMAIN_FR.moneyKindTakesNoRate(data.kind));
  // Also in the schema; checked here too so that every way in meets limits.ts's rule, which
  // bounds the value of every contribution this rate may ever revalue.
  const breach = limitBreach(data.amount, RATE_LIMIT_EUR);
  if (breach !== undefined) throw invalid('amount', breach);
  if (data.unit !== UNIT_OF_KIND[data.kind])
    throw invalid('unit', DOMAIN_FR.unitOfKind(data.kind, UNIT_OF_KIND[data.kind], data.unit));
  if (data.validUntil !== undefined && data.validUntil < data.validFrom)
    throw invalid('validUntil', DOMAIN_FR.rateEndsBeforeStart);
  if (data.partnerId !== undefined && !state.partners.has(data.partnerId))
    throw invalid('partnerId', DOMAIN_FR.unknownPartner(data.partnerId));
  return [{ type: 'ValuationRateSet', data }];
}

/**
 * The fiche action of a known action: bounded texts, at most MAX_CALENDAR_STEPS dated steps, each
 * within the programme's period and not ending before it starts. The same sheet again decides
 * nothing; another one replaces it whole (latest wins). Every breach is named, nothing is written.
 */
function decideActionSheet(data: EventData<'ActionSheetSet'>, state: ProgrammeState): ProgrammeEvent[] {
  if (!state.actions.has(data.actionId)) throw new NotFoundError(DOMAIN_FR.unknownActionIn(data.actionId, data.programmeId));
  const errors = sheetBreaches(data.sheet, state.opened!);
  if (errors.length > 0) throw new InvalidCommandError(errors.map((e) => e.message).join(' ; '), errors);
  const current = state.actionSheets.get(data.actionId);
  if (current !== undefined && canonicalJson(current) === canonicalJson(data.sheet)) return [];
  return [{ type: 'ActionSheetSet', data }];
}

/** Field paths are the sheet's own (the API's body): `objectives`, `calendar.2.endsOn`. */
function sheetBreaches(sheet: ActionSheetContent, opened: { startsOn: string; endsOn: string }): FieldError[] {
  const errors: FieldError[] = [];
  // Also in the schema; checked here so that every way in (the demo, `socle log import`) meets the rule.
  for (const field of ['services', 'stakes', 'objectives'] as const) {
    const text = sheet[field];
    if (text !== undefined && text.length > MAX_SHEET_TEXT_CHARS) errors.push({ path: field, message: DOMAIN_FR.sheetTextTooLong(MAX_SHEET_TEXT_CHARS) });
  }
  if (sheet.calendar.length > MAX_CALENDAR_STEPS) errors.push({ path: 'calendar', message: DOMAIN_FR.calendarTooLong(MAX_CALENDAR_STEPS) });
  sheet.calendar.forEach((step, i) => {
    if (step.endsOn < step.startsOn) errors.push({ path: `calendar.${i}.endsOn`, message: DOMAIN_FR.stepEndsBeforeStart(step.label) });
    else if (step.startsOn < opened.startsOn || step.endsOn > opened.endsOn)
      errors.push({ path: `calendar.${i}`, message: DOMAIN_FR.stepOutsideProgramme(step.label, opened.startsOn, opened.endsOn) });
  });
  return errors;
}
