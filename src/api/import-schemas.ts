// The import route's query and answer (POST /api/programmes/{p}/imports): the file itself is the
// body, as sent (text/csv, the .xlsx type, or application/octet-stream), so the choices travel in
// the query: the mapping file as JSON text, the partner of rows that name none, the file's name.
import { z } from 'zod';
import { IdSchema } from '../domain/schemas.ts';

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ImportQuery = z.strictObject({
  dryRun: Flag.optional(),
  partnerId: IdSchema.optional(),
  /** Only its extension is read (.csv, .xlsx; .ods is refused with a message). */
  filename: z.string().min(1).max(200).regex(/^[^/\\]+$/, 'un nom de fichier, sans dossier').optional(),
  /** The mapping file (docs/import.md), as JSON text. */
  mapping: z.string().min(2).max(8000).optional(),
});

const Problem = z.object({ column: z.string(), reason: z.string() });

export const ImportAnswer = z.object({
  dryRun: z.boolean(),
  source: z.enum(['table', 'coop']),
  header: z.array(z.string()),
  rows: z.number().int().min(0),
  imported: z.number().int().min(0),
  alreadyImported: z.number().int().min(0),
  skipped: z.number().int().min(0),
  refused: z.array(z.object({ row: z.number().int().min(1), problems: z.array(Problem) })),
  /** The report in French, as the command line prints it. */
  summary: z.string(),
});
