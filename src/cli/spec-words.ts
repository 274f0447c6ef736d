import { DomainError } from '../domain/errors.ts';
import { resolveAsOfDate, type ResolvedAsOfDate } from '../app/as-of-date.ts';
import type { EventStore } from '../store/port.ts';

// A report spec names its fields as the API does (src/reports/report-specs.ts: "applicantId: …");
// the command line says them as its options ("--applicant: …").
const OPTION_OF: Record<string, string> = {
  asOf: '--as-of',
  asOfDate: '--as-of-date',
  actionId: '--action',
  applicantId: '--applicant',
  applicant: '--applicant',
  publicCap: '--public-cap',
  euCap: '--eu-cap',
  inKindEligible: '--in-kind-eligible',
  chefDeFile: '--chef-de-file',
};

/** "publicCap: attendu …" → "--public-cap: attendu …" (a message whose first word is no field is left as it is). */
export function cliWords(message: string): string {
  const match = /^([A-Za-z]+): /.exec(message);
  if (!match) return message;
  // The workbook's own refusals (the journal takes no filter) name no option.
  if (match[1] === 'workbook') return message.slice(match[0].length);
  const option = OPTION_OF[match[1]!] ?? `--${match[1]}`;
  return `${option}: ${message.slice(match[0].length)}`;
}

/** An as-of date resolved (src/app/as-of-date.ts), its refusal said with the command line's option names. */
export async function cliResolve(store: EventStore, programmeId: string, asOfDate: string): Promise<ResolvedAsOfDate> {
  try {
    return await resolveAsOfDate(store, programmeId, asOfDate);
  } catch (error) {
    if (error instanceof DomainError) error.message = cliWords(error.message);
    throw error;
  }
}
