// `socle service ACTION --programme ID …` (issue 15): the command line's coordinator records the
// service facts — schedules, targets, indicators, measurements, their corrections and withdrawals —
// through the one command handler, and anyone holding the ledger reads the hours on a date against
// their targets (`show`) and each indicator against its own (`indicators`). Options are checked by
// the event catalogue's own schemas before anything is decided: a bad one is one French line and
// nothing is written.
import { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../read-model/ledger.ts';
import { CLI_ACTOR } from '../../domain/actor.ts';
import { hoursOn } from '../../reports/service-hours.ts';
import { indicatorsProgress, targetsProgress } from '../../reports/service-progress.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';
import { SERVICE_ACTIONS, SERVICE_OPTIONS, serviceCommandOf, writtenInWords, type ServiceAction, type ServiceOptions } from '../service-facts.ts';
import { hoursInWords, indicatorsInWords } from '../service-words.ts';

const READS = ['show', 'indicators'] as const;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...SERVICE_OPTIONS, date: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } }, 1);
  const action = positionals[0];
  const known = [...SERVICE_ACTIONS, ...READS] as readonly string[];
  if (action === undefined || !known.includes(action)) throw new UsageError(`socle service prend une de ces actions : ${known.join(', ')}`);
  if (!values.programme) throw new UsageError('socle service a besoin de --programme ID');
  const asOf = integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER);
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError(`--date attend une date AAAA-MM-JJ, pas « ${values.date} »`);
  // Built (and checked) before the ledger is opened: a bad option opens nothing.
  const command = (READS as readonly string[]).includes(action) ? undefined : serviceCommandOf(action as ServiceAction, values.programme, values as ServiceOptions);
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    if (command !== undefined) {
      const result = await socle.commands.handleService(command, CLI_ACTOR);
      console.log(writtenInWords(command, result.position));
      return 0;
    }
    await socle.caughtUpTo((await socle.store.head()).position);
    const version = await socle.ledgerAt(asOf);
    const programme = requireProgramme(version.state, values.programme);
    const book = await socle.serviceBook(values.programme, version.position);
    const date = values.date ?? todayWithin(programme.startsOn, programme.endsOn);
    const stamp = { position: version.position, headHash: version.hash };
    if (action === 'show') {
      const hours = hoursOn(book.state, date, [...programme.sites.keys()], [...programme.axes.keys()]);
      const targets = targetsProgress(book.state, date);
      console.log(values.json ? JSON.stringify({ asOf: stamp, programmeId: programme.programmeId, date, hours, targets }, null, 2) : hoursInWords(programme, stamp, hours, targets).join('\n'));
    } else {
      const indicators = indicatorsProgress(book.state, date, values.action);
      console.log(values.json ? JSON.stringify({ asOf: stamp, programmeId: programme.programmeId, date, indicators }, null, 2) : indicatorsInWords(programme, stamp, date, indicators).join('\n'));
    }
    return 0;
  } finally {
    await socle.close();
  }
}

/** Today (UTC) held within the programme's period, as the API's default day. */
function todayWithin(startsOn: string, endsOn: string): string {
  const now = new Date().toISOString().slice(0, 10);
  return now < startsOn ? startsOn : now > endsOn ? endsOn : now;
}
