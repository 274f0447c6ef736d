// What a form says of an expense recorded on the other tax basis than its eligible one (budget.ts,
// `vatToConvert`). The ledger records whether each amount is HT or TTC and whether the VAT is
// recovered, not its rate (20 %, 10 %, 5,5 % or none, per invoice line): converting would be a guess,
// so the form names the expense and asks for its amount on the eligible basis instead.
import { frenchDate, frenchEuros } from '../domain/french-format.ts';
import type { VatToConvert } from './budget.ts';

export function vatToConvertFr(item: VatToConvert): string {
  const what = item.description !== null ? `« ${item.description} »` : 'Une prestation';
  const why = item.eligibleBasis === 'HT' ? 'la TVA est récupérée, le coût éligible est HT' : 'la TVA n’est pas récupérée, le coût éligible est TTC';
  return `${what} (${item.partnerName}, ${frenchDate(item.date)}) saisie ${item.recordedBasis} pour ${frenchEuros(item.amount)} alors que ${why} : aucun taux de TVA n’est enregistré, Socle ne convertit pas ; corrigez son montant en ${item.eligibleBasis}.`;
}
