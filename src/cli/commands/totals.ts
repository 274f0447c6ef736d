// `socle totals --programme ID …`: the totals document of contract.md, as JSON on stdout.
import { Socle } from '../../app/socle.ts';
import { CONTRIBUTION_STATUSES, type ContributionStatus } from '../../domain/kinds.ts';
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
  const status = (values.status ?? 'actual') as ContributionStatus;
  if (!CONTRIBUTION_STATUSES.includes(status)) throw new UsageError(`--status must be planned or actual, not "${values.status}"`);
  const include = values.include ?? 'active';
  if (include !== 'active' && include !== 'validated') throw new UsageError(`--include must be active or validated, not "${include}"`);
  const year = integerOption('year', values.year, 1900, 2200);
  const asOf = integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER);

  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    const document = await socle.totals(
      values.programme,
      { status, include, ...(year !== undefined && { year }), ...(values.action !== undefined && { actionId: values.action }) },
      asOf,
    );
    console.log(JSON.stringify(document, null, 2));
    return 0;
  } finally {
    await socle.close();
  }
}
