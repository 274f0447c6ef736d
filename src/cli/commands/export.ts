// `socle export WORKBOOK --programme ID [--year YYYY] [--action ID] [--applicant ID] [--as-of POSITION]
// [--out FILE]`, plus the budget's --status, --codes, --public-cap, --in-kind-eligible, --chef-de-file, --form
// and --include. Everything is checked before the ledger is opened; the file appears only once it is
// complete. The journal needs no read model: it opens the store alone and streams from it.
import type { FunderForm } from '../../reports/funder-form.ts';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Socle } from '../../app/socle.ts';
import { openStore } from '../../store/open-store.ts';
import { exportWorkbook, validateRequest } from '../../exports/export-workbook.ts';
import { logSource } from '../../app/read-sources.ts';
import { closedWorkbook } from '../../app/closings.ts';
import { signLedgerHead } from '../../app/checkpoint-signer.ts';
import { LogMerkle } from '../../store/log-merkle.ts';
import { WORKBOOKS, defaultFileName, isWorkbookName, type ExportRequest } from '../../exports/workbook-request.ts';
import type { BudgetStatus } from '../../reports/budget.ts';
import type { PlanMode } from '../../reports/funding-plan.ts';
import type { CodeMap } from '../../reports/budget-lines.ts';
import type { Include } from '../../reports/totals-document.ts';
import { exportMessages } from '../messages.ts';
import { cliResolve, cliWords } from '../spec-words.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, provenanceOptions, requireLedger, type CliContext } from '../context.ts';

const OPTIONS = {
  programme: { type: 'string' },
  year: { type: 'string' },
  action: { type: 'string' },
  applicant: { type: 'string' },
  'as-of': { type: 'string' },
  'as-of-date': { type: 'string' },
  out: { type: 'string' },
  status: { type: 'string' },
  include: { type: 'string' },
  codes: { type: 'string' },
  'public-cap': { type: 'string' },
  'eu-cap': { type: 'string' },
  'in-kind-eligible': { type: 'boolean' },
  'chef-de-file': { type: 'boolean' },
  form: { type: 'string' },
  key: { type: 'string' },
} as const;

type ExportValues = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** The request the arguments make, checked as a whole by the workbook's spec (a usage error names the first wrong one). */
function exportRequestOf(values: ExportValues, positionals: string[]): ExportRequest {
  const workbook = positionals[0];
  if (workbook === undefined) throw new UsageError(`socle export needs a WORKBOOK: ${WORKBOOKS.join(', ')}`);
  if (!isWorkbookName(workbook)) throw new UsageError(`unknown workbook "${workbook}": expected ${WORKBOOKS.join(', ')}`);
  if (!values.programme) throw new UsageError('socle export a besoin de --programme ID');
  try {
    // The options' syntax is the command line's; what they mean is the workbook's spec.
    return validateRequest({
      workbook,
      programmeId: values.programme,
      ...(values.year !== undefined && { year: integerOption('year', values.year, 1900, 2200)! }),
      ...(values.action !== undefined && { actionId: values.action }),
      ...(values.applicant !== undefined && { applicantId: values.applicant }),
      ...(values['as-of'] !== undefined && { asOf: integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER)! }),
      ...(values['as-of-date'] !== undefined && { asOfDate: values['as-of-date'] }),
      ...(values.include !== undefined && { include: values.include as Include }),
      ...(values.status !== undefined && { status: values.status as BudgetStatus | PlanMode }),
      ...(values.codes !== undefined && { codes: values.codes as CodeMap }),
      ...(values['public-cap'] !== undefined && { publicCap: values['public-cap'] }),
      ...(values['eu-cap'] !== undefined && { euCap: values['eu-cap'] }),
      ...(values['in-kind-eligible'] && { inKindEligible: true }),
      ...(values['chef-de-file'] && { chefDeFile: true }),
      ...(values.form !== undefined && { form: values.form as FunderForm }),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? cliWords(error.message) : String(error));
  }
}

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 1);
  const request = exportRequestOf(values, positionals);
  const workbook = request.workbook;
  const out = resolve(values.out ?? defaultFileName(request));
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) throw new UsageError(`cannot write ${out}: the folder ${dirname(out)} does not exist`);

  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);

  // The journal reads the log alone: no read model to replay.
  const opened = workbook === 'journal' ? await openStore({ dataDir }) : await Socle.open({ dataDir });
  const close = () => opened.close();
  try {
    const store = opened instanceof Socle ? opened.store : opened;
    // A workbook of the head is stamped by a signed checkpoint of it (checkpoint-signer.ts); the
    // workbook is then made at the new head, so its stamp is what socle verify prints.
    // A date names the position of the last event recorded at or before it (the Provenance shows both).
    // A closed year's budget or plan is its closed account, with the adjustments since (issue 16).
    const closed = opened instanceof Socle ? await closedWorkbook(opened, request) : undefined;
    const asOf = request.asOfDate !== undefined ? (await cliResolve(store, request.programmeId, request.asOfDate)).position : (closed?.asOf ?? request.asOf);
    if (asOf === undefined) {
      const signed = await signLedgerHead(store, opened instanceof Socle ? opened.merkle : new LogMerkle(store), dataDir, values.key);
      if (signed?.written && opened instanceof Socle) await opened.caughtUpTo(signed.eventPosition);
    }
    const source = opened instanceof Socle ? await opened.readSource(asOf) : await logSource(opened, asOf);
    const result = await exportWorkbook(source, request, out, { ...provenanceOptions(dataDir), ...(closed && { closing: closed.closing }) });
    console.log(exportMessages.written(result.path, result.position, result.headHash));
    return 0;
  } finally {
    await close();
  }
}
