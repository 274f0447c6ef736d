// A row's contribution id comes from what the row says, not from where it stands: the same row in
// the same file, or in a file with rows added, moved or fixed, gets the same id, so importing it
// again writes nothing. The identity is everything but the figures (quantity, amount, rate) and the
// free text (description): a row whose figures changed keeps its id and is reported as a conflict,
// never silently changed, and a fixed typo in a comment does not count the row twice. Identical
// rows are told apart by their rank among themselves (two mediators' 30-minute sessions at the same
// place on the same day are two contributions), which does not depend on the other rows.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { ContributionInput } from '../domain/contribution/content.ts';

export function rowIdentity(programmeId: string, content: ContributionInput): string {
  const { partnerId, kind, status, date, until, actionId, siteId, role, evidence } = content;
  return canonicalJson({ programmeId, partnerId, kind, status, date, until, actionId, siteId, role, evidence });
}

/** "imp-" and 24 hex digits of sha256(identity, rank): 96 bits, no collision in any ledger's lifetime. */
export function importedContributionId(identity: string, rank: number): string {
  const digest = createHash('sha256').update(identity).update(`#${rank}`).digest('hex');
  return `imp-${digest.slice(0, 24)}`;
}

/** The figures and words that may differ under one identity: compared to tell "already" from "conflict". */
export function rowFigures(content: ContributionInput): string {
  return canonicalJson(content);
}
