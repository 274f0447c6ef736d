// `socle totals --programme ID …`: the totals document of contract.md, as JSON on stdout.
import { Socle } from '../../app/socle.ts';
import { TotalsSpec, defined, parseSpec, totalsFiltersOf } from '../../reports/report-specs.ts';
import { cliResolve, cliWords } from '../spec-words.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, {
    programme: { type: 'string' },
    status: { type: 'string' },
    year: { type: 'string' },
    action: { type: 'string' },
    include: { type: 'string' },
    'as-of': { type: 'string' },
    'as-of-date': { type: 'string' },
  });
  if (!values.programme) throw new UsageError('socle totals a besoin de --programme ID');
  const year = integerOption('year', values.year, 1900, 2200);
  const asOf = integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER);
  let spec: TotalsSpec;
  try {
    spec = parseSpec(TotalsSpec, defined({ status: values.status, include: values.include, year, actionId: values.action, asOf, asOfDate: values['as-of-date'] }));
  } catch (error) {
    throw new UsageError(cliWords((error as Error).message));
  }

  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    const date = spec.asOfDate !== undefined ? await cliResolve(socle.store, values.programme, spec.asOfDate) : undefined;
    const document = await socle.totals(values.programme, totalsFiltersOf(spec), date?.position ?? spec.asOf);
    // Asked by date, the stamp names the date and the instant it named, as the API's does.
    const shown = date ? { ...document, asOf: { ...document.asOf, asked: { date: date.asked, instant: date.instant } } } : document;
    console.log(JSON.stringify(shown, null, 2));
    return 0;
  } finally {
    await socle.close();
  }
}
