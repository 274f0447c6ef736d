// Turning what a partner typed into a contribution's content, checked against its programme.
import type { ContributionContent } from '../events.ts';
import { InvalidCommandError, NotFoundError, type FieldError } from '../errors.ts';
import { UNIT_OF_KIND, isMoneyKind, type Unit } from '../kinds.ts';
import type { ProgrammeState } from '../programme/state.ts';
import { AMOUNT_LIMIT_EUR, limitBreach, QUANTITY_LIMIT, RATE_LIMIT_EUR } from '../limits.ts';

const FIGURE_LIMITS = [
  ['quantity', QUANTITY_LIMIT],
  ['amount', AMOUNT_LIMIT_EUR],
  ['rate', RATE_LIMIT_EUR],
] as const;

/** The content as asked: like ContributionContent but the unit may be left to the kind. */
export type ContributionInput = Omit<ContributionContent, 'unit'> & { unit?: Unit };

/** Check the content against the domain rules and the programme; returns the normalized content. */
export function checkContent(input: ContributionInput, programme: ProgrammeState, programmeId: string): ContributionContent {
  const opened = programme.opened;
  if (!opened) throw new NotFoundError(`unknown programme ${programmeId}`);
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const expectedUnit = UNIT_OF_KIND[input.kind];

  if (!programme.partners.has(input.partnerId)) fail('partnerId', `unknown partner ${input.partnerId}`);
  if (input.actionId !== undefined && !programme.actions.has(input.actionId)) fail('actionId', `unknown action ${input.actionId}`);
  if (input.siteId !== undefined && !programme.sites.has(input.siteId)) fail('siteId', `unknown site ${input.siteId}`);
  if (input.unit !== undefined && input.unit !== expectedUnit)
    fail('unit', `${input.kind} is counted in ${expectedUnit}, not ${input.unit}`);

  if (isMoneyKind(input.kind)) {
    if (input.amount === undefined) fail('amount', `${input.kind} needs an amount in euros`);
    if (input.quantity !== undefined) fail('quantity', `${input.kind} is an amount in euros, not a quantity`);
    if (input.rate !== undefined) fail('rate', `${input.kind} takes no rate`);
  } else {
    if (input.quantity === undefined) fail('quantity', `${input.kind} needs a quantity in ${expectedUnit}`);
    if (input.amount !== undefined) fail('amount', `${input.kind} is valued from its quantity; give rate to set its value`);
    if (input.rate !== undefined && input.rateBasis === undefined)
      fail('rateBasis', 'a contribution’s own rate needs its justification (rateBasis)');
  }
  // The schemas hold these bounds too; the decider checks them again so that every way in (the API,
  // the command line, the demo, a log import) meets the one rule of limits.ts.
  for (const [field, limit] of FIGURE_LIMITS) {
    const value = input[field];
    const breach = value === undefined ? undefined : limitBreach(value, limit);
    if (breach !== undefined) fail(field, breach);
  }
  if (input.rateBasis !== undefined && input.rate === undefined) fail('rate', 'rateBasis is given without a rate');
  if (input.kind !== 'prestation' && (input.taxBasis !== undefined || input.vatRecoverable !== undefined))
    fail('taxBasis', 'HT/TTC and VAT apply to prestations only');

  if (input.date < opened.startsOn || input.date > opened.endsOn)
    fail('date', `${input.date} is outside the programme (${opened.startsOn} to ${opened.endsOn})`);
  if (input.until !== undefined) {
    if (input.until < input.date) fail('until', 'the period must end on or after its start');
    else if (input.until > opened.endsOn) fail('until', `${input.until} is after the programme ends (${opened.endsOn})`);
  }
  if (errors.length > 0) throw new InvalidCommandError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return { ...input, unit: expectedUnit };
}
