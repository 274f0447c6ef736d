// Turning what a partner typed into a contribution's content, checked against its programme.
import type { ContributionContent } from '../events.ts';
import { InvalidCommandError, NotFoundError, type FieldError } from '../errors.ts';
import { UNIT_OF_KIND, isMoneyKind, type Unit } from '../kinds.ts';
import type { ProgrammeState } from '../programme/state.ts';
import { AMOUNT_LIMIT_EUR, limitBreach, QUANTITY_LIMIT, RATE_LIMIT_EUR } from '../limits.ts';
import { DOMAIN_FR } from '../../messages/fr.ts';

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
  if (!opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const expectedUnit = UNIT_OF_KIND[input.kind];

  if (!programme.partners.has(input.partnerId)) fail('partnerId', DOMAIN_FR.unknownPartner(input.partnerId));
  if (input.actionId !== undefined && !programme.actions.has(input.actionId)) fail('actionId', DOMAIN_FR.unknownAction(input.actionId));
  if (input.siteId !== undefined && !programme.sites.has(input.siteId)) fail('siteId', DOMAIN_FR.unknownSite(input.siteId));
  if (input.unit !== undefined && input.unit !== expectedUnit)
    fail('unit', DOMAIN_FR.unitOfKind(input.kind, expectedUnit, input.unit));

  if (isMoneyKind(input.kind)) {
    if (input.amount === undefined) fail('amount', DOMAIN_FR.needsAmount(input.kind));
    if (input.quantity !== undefined) fail('quantity', DOMAIN_FR.amountNotQuantity(input.kind));
    if (input.rate !== undefined) fail('rate', DOMAIN_FR.takesNoRate(input.kind));
  } else {
    if (input.quantity === undefined) fail('quantity', DOMAIN_FR.needsQuantity(input.kind, expectedUnit));
    if (input.amount !== undefined) fail('amount', DOMAIN_FR.valuedFromQuantity(input.kind));
    if (input.rate !== undefined && input.rateBasis === undefined)
      fail('rateBasis', DOMAIN_FR.ownRateNeedsBasis);
  }
  // The schemas hold these bounds too; the decider checks them again so that every way in (the API,
  // the command line, the demo, a log import) meets the one rule of limits.ts.
  for (const [field, limit] of FIGURE_LIMITS) {
    const value = input[field];
    const breach = value === undefined ? undefined : limitBreach(value, limit);
    if (breach !== undefined) fail(field, breach);
  }
  if (input.rateBasis !== undefined && input.rate === undefined) fail('rate', DOMAIN_FR.basisWithoutRate);
  if (input.kind !== 'prestation' && (input.taxBasis !== undefined || input.vatRecoverable !== undefined))
    fail('taxBasis', DOMAIN_FR.taxForPrestationsOnly);

  if (input.date < opened.startsOn || input.date > opened.endsOn)
    fail('date', DOMAIN_FR.outsideProgramme(input.date, opened.startsOn, opened.endsOn));
  if (input.until !== undefined) {
    if (input.until < input.date) fail('until', DOMAIN_FR.periodEndsBeforeStart);
    else if (input.until > opened.endsOn) fail('until', DOMAIN_FR.afterProgrammeEnds(input.until, opened.endsOn));
  }
  if (errors.length > 0) throw new InvalidCommandError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return { ...input, unit: expectedUnit };
}
