// `socle closing close|reopen|policy|show --programme ID …` (issue 16): the command line's
// coordinator closes a year with a reason, reopens it with one, sets what a closed year accepts
// (allow | require-reason | refuse), and anyone holding the ledger reads a closed year's account:
// the figures at the closing and the "Écarts postérieurs à la clôture".
import { Socle } from '../../app/socle.ts';
import { closedAccount, closingsOf } from '../../app/closings.ts';
import { CLI_ACTOR } from '../../domain/actor.ts';
import { CLOSING_POLICIES, type ClosingPolicy } from '../../domain/events.ts';
import { frenchEuros } from '../../domain/french-format.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';

const ACTIONS = ['close', 'reopen', 'policy', 'show'] as const;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { programme: { type: 'string' }, year: { type: 'string' }, reason: { type: 'string' }, policy: { type: 'string' }, json: { type: 'boolean' } }, 1);
  const action = positionals[0] as (typeof ACTIONS)[number] | undefined;
  if (action === undefined || !ACTIONS.includes(action)) throw new UsageError(`socle closing needs one of ${ACTIONS.join(', ')}`);
  if (!values.programme) throw new UsageError('socle closing a besoin de --programme ID');
  const year = integerOption('year', values.year, 1900, 2200);
  if (action !== 'policy' && year === undefined) throw new UsageError(`socle closing ${action} a besoin de --year AAAA`);
  if ((action === 'close' || action === 'reopen') && !values.reason?.trim()) throw new UsageError(`socle closing ${action} a besoin de --reason TEXTE (un motif est obligatoire)`);
  if (action === 'policy' && !(CLOSING_POLICIES as readonly string[]).includes(values.policy ?? ''))
    throw new UsageError(`--policy prend ${CLOSING_POLICIES.join(', ')}, pas « ${values.policy ?? ''} »`);
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    const programmeId = values.programme;
    if (action === 'close') {
      const result = await socle.commands.closePeriod({ programmeId, year: year!, reason: values.reason! }, CLI_ACTOR);
      const closing = (await closingsOf(socle.store, programmeId)).get(year!)!;
      console.log(`année ${year} close : son compte est le registre à la position ${closing.position}, empreinte ${closing.headHash} (événement ${result.position})`);
    } else if (action === 'reopen') {
      const result = await socle.commands.handleProgramme({ type: 'ReopenPeriod', data: { programmeId, year: year!, reason: values.reason! } }, CLI_ACTOR);
      console.log(`année ${year} rouverte (événement ${result.position})`);
    } else if (action === 'policy') {
      const result = await socle.commands.handleProgramme({ type: 'SetClosingPolicy', data: { programmeId, policy: values.policy as ClosingPolicy } }, CLI_ACTOR);
      console.log(result.position === null ? `règle déjà ${values.policy} : rien d’écrit` : `règle des écarts après clôture : ${values.policy} (événement ${result.position})`);
    } else {
      await socle.caughtUpTo((await socle.store.head()).position);
      const account = await closedAccount(socle, programmeId, year!);
      console.log(values.json ? JSON.stringify(account, null, 2) : accountInWords(account).join('\n'));
    }
    return 0;
  } finally {
    await socle.close();
  }
}

function accountInWords(account: Awaited<ReturnType<typeof closedAccount>>): string[] {
  const { closing, closed, live } = account;
  const lines = [
    `${account.programmeId} — année ${account.year} close le ${closing.closedAt} par ${closing.closedBy}, à la position ${closing.position} (empreinte ${closing.headHash}) — motif : ${closing.reason}`,
    `chiffres clos : réalisé ${frenchEuros(closed.actual.total)}, prévu ${frenchEuros(closed.planned.total)}`,
    `chiffres actuels (position ${live.position}) : réalisé ${frenchEuros(live.actual)}, prévu ${frenchEuros(live.planned)}`,
    'Écarts postérieurs à la clôture :',
  ];
  if (account.adjustments.length === 0) lines.push('  aucun');
  for (const a of account.adjustments) {
    const what = a.contributionId !== undefined ? `contribution ${a.contributionId}${a.partnerId ? ` (${a.partnerId})` : ''}` : a.type;
    lines.push(`  ${a.position}  ${a.recordedAt}  ${a.change}, ${what}, par ${a.actor} (${a.role})${a.reason ? `, motif « ${a.reason} »` : ''} : réalisé ${frenchEuros(a.effect.actual)}, prévu ${frenchEuros(a.effect.planned)}`);
  }
  return lines;
}
