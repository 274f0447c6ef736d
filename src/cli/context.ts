// What every command shares: where the data lives, and how bad arguments are reported.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** Parses options strictly (unknown options are refused) and adds the common --data DIR. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = 0) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, data: { type: 'string' } },
      strict: true,
      allowPositionals: allowPositionals > 0,
    });
    if (parsed.positionals.length > allowPositionals) throw new UsageError(`unexpected argument ${parsed.positionals[allowPositionals]}`);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function dataDirOf(values: { data?: string | boolean | undefined }, context: CliContext): string {
  return typeof values.data === 'string' ? values.data : context.dataDirDefault;
}

/** A whole number option such as --year or --as-of. */
export function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
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
