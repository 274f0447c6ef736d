// A report spec names its fields as the API does (src/reports/report-specs.ts: "applicantId: …");
// the command line says them as its options ("--applicant: …").
const OPTION_OF: Record<string, string> = {
  asOf: '--as-of',
  asOfDate: '--as-of-date',
  actionId: '--action',
  applicantId: '--applicant',
  applicant: '--applicant',
  publicCap: '--public-cap',
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
