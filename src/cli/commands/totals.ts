// `socle totals --programme ID …`: the totals document of contract.md, as JSON on stdout.
import { Socle } from '../../app/socle.ts';
import { TotalsSpec, defined, parseSpec, totalsFiltersOf } from '../../reports/report-specs.ts';
import { cliWords } from '../spec-words.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, {
    programme: { type: 'string' },
    status: { type: 'string' },
    year: { type: 'string' },
    action: { type: 'string' },
    include: { type: 'string' },
    'as-of': { type: 'string' },
  });
  if (!values.programme) throw new UsageError('socle totals needs --programme ID');
  const year = integerOption('year', values.year, 1900, 2200);
  const asOf = integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER);
  let spec: TotalsSpec;
  try {
    spec = parseSpec(TotalsSpec, defined({ status: values.status, include: values.include, year, actionId: values.action, asOf }));
  } catch (error) {
    throw new UsageError(cliWords((error as Error).message));
  }

  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    const document = await socle.totals(values.programme, totalsFiltersOf(spec), spec.asOf);
    console.log(JSON.stringify(document, null, 2));
    return 0;
  } finally {
    await socle.close();
  }
}
