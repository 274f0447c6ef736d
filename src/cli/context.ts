// What every command shares: where the data lives, and how bad arguments are reported.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SQLITE_FILE_NAME } from '../store/open-store.ts';
import { messages } from './messages.ts';

export interface CliContext {
  /** ./data, or SOCLE_DATA_DIR. */
  dataDirDefault: string;
}

/** Wrong arguments: reported in one line with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The command being run (one per process), for the "voir socle help COMMANDE" hint of a bad option. */
let commandName = 'COMMANDE';
export function runningCommand(name: string): void {
  commandName = name;
}

/** Parses options strictly (unknown options are refused) and adds the common --data DIR. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = 0) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, data: { type: 'string' } },
      strict: true,
      allowPositionals: allowPositionals > 0,
    });
    if (parsed.positionals.length > allowPositionals) throw new UsageError(messages.unexpectedArgument(parsed.positionals[allowPositionals]!));
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(parseErrorInFrench(error, commandName));
  }
}

/** node:util's parseArgs speaks English (and its hint has an unbalanced quote): say it in French. */
function parseErrorInFrench(error: unknown, command: string): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error);
  const quoted = /'([^' ]+)/.exec(text)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return messages.unknownOption(command, quoted);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return / argument missing/.test(text) ? messages.optionNeedsValue(quoted) : messages.optionTakesNoValue(quoted);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return messages.unexpectedArgument(quoted);
    default:
      return text;
  }
}

export function dataDirOf(values: { data?: string | boolean | undefined }, context: CliContext): string {
  return typeof values.data === 'string' ? values.data : context.dataDirDefault;
}

/** A whole number option such as --year or --as-of. */
export function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(messages.wholeNumber(name, min, max, value));
  return Number(value);
}

/**
 * Commands that read a ledger (verify, totals, export, log export, token list) refuse a data folder
 * that holds none, rather than open, and so create, an empty one: a mistyped --data must not answer
 * "ok 0" or leave a stray socle.sqlite behind. EventStoreDB has no folder to look at: it is asked.
 */
export function requireLedger(dataDir: string): void {
  const storeKind = process.env.SOCLE_STORE ?? '';
  if ((storeKind === '' || storeKind === 'sqlite') && !existsSync(join(dataDir, SQLITE_FILE_NAME))) throw new UsageError(messages.noLedger(dataDir));
}

/** Whether the data folder holds a ledger (always "maybe" for EventStoreDB: true). */
export function hasLedger(dataDir: string): boolean {
  try {
    requireLedger(dataDir);
    return true;
  } catch {
    return false;
  }
}

/** The Provenance command names the data folder (absolute: it may be pasted anywhere) unless it is ./data. */
export function provenanceOptions(dataDir: string): { dataDir?: string } {
  return resolve(dataDir) === resolve('data') ? {} : { dataDir: resolve(dataDir) };
}
