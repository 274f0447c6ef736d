// `socle COMMAND …`: dispatches to one module per command. Every failure ends as one line on stderr
// and a non-zero exit code; no stack trace reaches the user unless SOCLE_DEBUG is set.
import { generatorVersion } from '../exports/workbook-request.ts';
import { UsageError, runningCommand, type CliContext } from './context.ts';
import { DISK_FULL_SENTENCE, isDiskFull } from '../store/disk-full.ts';
import { isStoreUnavailable, storeUnavailableSentence } from '../store/store-unavailable.ts';
import { HELP, commandUsage, generalUsage } from './help.ts';
import { messages } from './messages.ts';

type CommandModule = { run(args: string[], context: CliContext): Promise<number> };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  demo: () => import('./commands/demo.ts'),
  serve: () => import('./commands/serve.ts'),
  token: () => import('./commands/token.ts'),
  export: () => import('./commands/export.ts'),
  totals: () => import('./commands/totals.ts'),
  diff: () => import('./commands/diff.ts'),
  closing: () => import('./commands/closing.ts'),
  scenarios: () => import('./commands/scenarios.ts'),
  service: () => import('./commands/service.ts'),
  verify: () => import('./commands/verify.ts'),
  checkpoint: () => import('./commands/checkpoint.ts'),
  log: () => import('./commands/log.ts'),
  dossier: () => import('./commands/dossier.ts'),
  import: () => import('./commands/import.ts'),
};

export function usage(): string {
  return generalUsage(generatorVersion());
}

const HELP_FLAGS = ['--help', '-h'];

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  // Asked for: on stdout, exit 0. Not asked for (nothing, or a wrong command): on stderr, exit 2.
  if (name === undefined) {
    console.error(usage());
    return 2;
  }
  if (HELP_FLAGS.includes(name)) {
    console.log(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(generatorVersion());
    return 0;
  }
  if (name === 'help') {
    const topic = args[0];
    if (topic === undefined) console.log(usage());
    else if (HELP[topic]) console.log(commandUsage(topic));
    else {
      console.error(`socle: ${messages.noHelpFor(topic)}`);
      return 2;
    }
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`socle: ${messages.unknownCommand(name)}\n\n${usage()}`);
    return 2;
  }
  // `--help` anywhere before a `--` asks for this command's help, whatever else is on the line.
  const beforeDashes = args.indexOf('--') === -1 ? args : args.slice(0, args.indexOf('--'));
  if (beforeDashes.some((a) => HELP_FLAGS.includes(a))) {
    console.log(commandUsage(name));
    return 0;
  }
  // An empty SOCLE_DATA_DIR is unset, not "the current folder".
  const context: CliContext = { dataDirDefault: process.env.SOCLE_DATA_DIR || './data' };
  runningCommand(name);
  try {
    const module = await load();
    return await module.run(args, context);
  } catch (error) {
    console.error(`socle ${name}: ${describe(error)}`);
    if (process.env.SOCLE_DEBUG && error instanceof Error) console.error(error.stack);
    return error instanceof UsageError ? 2 : 1;
  }
}

/**
 * Domain, usage, store and import errors all say what went wrong in their message. A shared store
 * that does not answer (PostgreSQL refused, restarting, a lock wait past its timeout) speaks in
 * node-postgres's English: it gets the API's French sentence instead (src/api/problem.ts), which
 * also says whether anything may have been written.
 */
function describe(error: unknown): string {
  if (isDiskFull(error)) return DISK_FULL_SENTENCE.replace('le disque du serveur', 'le disque');
  if (isStoreUnavailable(error)) return storeUnavailableSentence(error);
  return oneLine(error instanceof Error ? error.message : String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
