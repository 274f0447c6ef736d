// The mapping file (--mapping M.json, or the page's choices): which column holds which field, and
// what the sender's words mean, when the guess from the French headers is not enough. Zod-checked:
// only the parsed value goes further in.
import { z } from 'zod';
import { CONTRIBUTION_KINDS, CONTRIBUTION_STATUSES, UNITS } from '../domain/kinds.ts';
import { IdSchema } from '../domain/schemas.ts';
import { IMPORT_FR } from '../messages/fr.ts';
import { UnreadableFileError } from './cells.ts';

/** The fields a column can feed. */
export const FIELDS = ['partner', 'kind', 'status', 'date', 'until', 'quantity', 'unit', 'amount', 'action', 'site', 'description', 'evidence', 'role'] as const;
export type Field = (typeof FIELDS)[number];

const Words = <T extends z.ZodType>(value: T) => z.record(z.string().min(1).max(200), value);

export const MappingFile = z.strictObject({
  /** "table" (a contributions spreadsheet) or "coop" (an activity export of La Coop); guessed when left out. */
  source: z.enum(['table', 'coop']).optional(),
  /** The worksheet to read (an .xlsx); the first one otherwise. */
  sheet: z.string().min(1).max(100).optional(),
  /** Field → the header text of its column, exactly as in the file; null to ignore a guessed column. */
  columns: z.partialRecord(z.enum(FIELDS), z.string().min(1).max(200).nullable()).optional(),
  values: z
    .strictObject({
      partner: Words(IdSchema).optional(),
      kind: Words(z.enum(CONTRIBUTION_KINDS)).optional(),
      status: Words(z.enum(CONTRIBUTION_STATUSES)).optional(),
      action: Words(IdSchema).optional(),
      site: Words(IdSchema).optional(),
    })
    .optional(),
  /** What a row lacking a column takes. */
  defaults: z
    .strictObject({
      partnerId: IdSchema.optional(),
      kind: z.enum(CONTRIBUTION_KINDS).optional(),
      status: z.enum(CONTRIBUTION_STATUSES).optional(),
      unit: z.enum(UNITS).optional(),
      actionId: IdSchema.optional(),
      siteId: IdSchema.optional(),
    })
    .optional(),
  /** A Coop export: whose time the mediators' activities are (staff_time by default). */
  coop: z.strictObject({ kind: z.enum(['staff_time', 'volunteer_time']).optional(), role: z.string().min(1).max(200).optional() }).optional(),
});
export type Mapping = z.infer<typeof MappingFile>;

export function parseMapping(json: unknown): Mapping {
  const parsed = MappingFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnreadableFileError(IMPORT_FR.badMapping(`${issue.path.join('.') || 'racine'} : ${issue.message}`));
  }
  return parsed.data;
}

export function parseMappingText(text: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnreadableFileError(IMPORT_FR.badMapping('ce n’est pas du JSON'));
  }
  return parseMapping(json);
}
