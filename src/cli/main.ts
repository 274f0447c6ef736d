// `socle COMMAND …`: dispatches to one module per command. Every failure ends as one line on stderr
// and a non-zero exit code; no stack trace reaches the user unless SOCLE_DEBUG is set.
import { UsageError, type CliContext } from './context.ts';

type CommandModule = { run(args: string[], context: CliContext): Promise<number> };

const COMMANDS: Record<string, { summary: string; load(): Promise<CommandModule> }> = {
  demo: { summary: 'load the demo ledger and write every workbook', load: () => import('./commands/demo.ts') },
  serve: { summary: 'start the HTTP API and web pages', load: () => import('./commands/serve.ts') },
  token: { summary: 'token create --role ROLE [--partner ID] [--name TEXT]', load: () => import('./commands/token.ts') },
  export: { summary: 'export WORKBOOK --programme ID [...] : write one workbook', load: () => import('./commands/export.ts') },
  totals: { summary: 'totals --programme ID [--status S] [--year Y] [--action A] [--as-of P]', load: () => import('./commands/totals.ts') },
  verify: { summary: 'recompute the hash chain', load: () => import('./commands/verify.ts') },
  log: { summary: 'log export --out FILE | log import FILE', load: () => import('./commands/log.ts') },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  socle ${name.padEnd(8)} ${c.summary}`);
  return `usage: socle COMMAND [--data DIR] …\n${lines.join('\n')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`socle: unknown command "${name}" (try socle --help)`);
    return 2;
  }
  // An empty SOCLE_DATA_DIR is unset, not "the current folder".
  const context: CliContext = { dataDirDefault: process.env.SOCLE_DATA_DIR || './data' };
  try {
    const module = await command.load();
    return await module.run(args, context);
  } catch (error) {
    console.error(`socle ${name}: ${describe(error)}`);
    if (process.env.SOCLE_DEBUG && error instanceof Error) console.error(error.stack);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** Domain, usage, store and import errors all say what went wrong in their message. */
function describe(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
