// What every command shares: where the data lives, and how bad arguments are reported.
import { parseArgs, type ParseArgsConfig } from 'node:util';

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
