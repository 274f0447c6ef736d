// Valuation: which rate applies to a contribution, and what it is worth in euros.
// Precedence (domain.md): the contribution's own rate, then the partner's rate for the kind (with the
// contribution's role first), then the programme's rate for the kind (role first), each taken at the
// contribution's date (a period's first day). Among rates of the same tier valid that day, the latest
// validity start wins, then the one set last. No rate: unvalued, never zero.
import type { ContributionContent } from './events.ts';
import { isMoneyKind } from './kinds.ts';
import { dec, productInCents, roundCentsHalfAwayFromZero, type Cents, type Decimal } from './money.ts';
import type { Rate } from './programme/state.ts';

export type RateSource = 'contribution' | 'partner' | 'programme';

export interface Valuation {
  /** Euros, rounded once to the cent; null when no rate applies. */
  value: Decimal | null;
  rateSource?: RateSource;
  rateId?: string;
  /** Euros per unit, as a decimal string. */
  rateAmount?: string;
  rateBasis?: string;
  unvaluedReason?: string;
}

export function isRateValidOn(rate: Pick<Rate, 'validFrom' | 'validUntil'>, date: string): boolean {
  return rate.validFrom <= date && (rate.validUntil === undefined || date <= rate.validUntil);
}

/** The tier of a rate for this contribution, lower is more specific; undefined when it does not apply. */
function tierOf(rate: Rate, content: ContributionContent): number | undefined {
  if (rate.kind !== content.kind || rate.unit !== content.unit) return undefined;
  if (!isRateValidOn(rate, content.date)) return undefined;
  if (rate.role !== undefined && rate.role !== content.role) return undefined;
  if (rate.partnerId !== undefined && rate.partnerId !== content.partnerId) return undefined;
  const partnerTier = rate.partnerId !== undefined ? 0 : 2;
  const roleTier = rate.role !== undefined ? 0 : 1;
  return partnerTier + roleTier;
}

export function selectRate(rates: Iterable<Rate>, content: ContributionContent): Rate | undefined {
  let best: Rate | undefined;
  let bestTier = Number.POSITIVE_INFINITY;
  for (const rate of rates) {
    const tier = tierOf(rate, content);
    if (tier === undefined) continue;
    if (
      tier < bestTier ||
      (tier === bestTier && best !== undefined && (rate.validFrom > best.validFrom || (rate.validFrom === best.validFrom && rate.sequence > best.sequence)))
    ) {
      best = rate;
      bestTier = tier;
    }
  }
  return best;
}

/** What a valuation multiplies, and where its rate came from: shared by both ways of computing it. */
type Pricing =
  | { amount: string }
  | { quantity: string; rate: string; info: Omit<Valuation, 'value' | 'unvaluedReason'> }
  | { unvaluedReason: string };

function pricingOf(content: ContributionContent, rates: Iterable<Rate>): Pricing {
  // Validated on decision: money kinds always carry an amount, the others a quantity.
  if (isMoneyKind(content.kind)) return { amount: content.amount as string };
  const quantity = content.quantity as string;
  if (content.rate !== undefined) {
    return {
      quantity,
      rate: content.rate,
      info: { rateSource: 'contribution', rateAmount: content.rate, ...(content.rateBasis !== undefined && { rateBasis: content.rateBasis }) },
    };
  }
  const rate = selectRate(rates, content);
  if (!rate) {
    const who = content.role !== undefined ? ` (role ${content.role})` : '';
    return { unvaluedReason: `no ${content.kind} rate${who} on ${content.date}` };
  }
  return {
    quantity,
    rate: rate.amount,
    info: { rateSource: rate.partnerId !== undefined ? 'partner' : 'programme', rateId: rate.rateId, rateAmount: rate.amount, rateBasis: rate.basis },
  };
}

export function valueContribution(content: ContributionContent, rates: Iterable<Rate>): Valuation {
  const pricing = pricingOf(content, rates);
  if ('amount' in pricing) return { value: roundCentsHalfAwayFromZero(dec(pricing.amount)) };
  if ('unvaluedReason' in pricing) return { value: null, unvaluedReason: pricing.unvaluedReason };
  return { value: roundCentsHalfAwayFromZero(dec(pricing.quantity).times(pricing.rate)), ...pricing.info };
}

export interface ValuationInCents extends Omit<Valuation, 'value'> {
  /** Integer cents, rounded once; null when no rate applies. */
  cents: Cents | null;
}

/**
 * The same valuation as valueContribution, in integer cents, for the read model that values every
 * contribution of the log: exact integer arithmetic where the product fits (productInCents).
 */
export function valueContributionInCents(content: ContributionContent, rates: Iterable<Rate>): ValuationInCents {
  const pricing = pricingOf(content, rates);
  if ('amount' in pricing) return { cents: productInCents(pricing.amount, '1') };
  if ('unvaluedReason' in pricing) return { cents: null, unvaluedReason: pricing.unvaluedReason };
  return { cents: productInCents(pricing.quantity, pricing.rate), ...pricing.info };
}
