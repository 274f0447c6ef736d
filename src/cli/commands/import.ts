// `socle import contributions FILE --programme P [--partner X] [--mapping M.json] [--dry-run]
// [--report FILE.xlsx]`: a network's spreadsheet or a Coop export → contributions (see
// src/app/import-contributions.ts). The report goes to stdout in French; a progress line goes to
// stderr while a large file is read; the refused rows, with their reasons, can be written as a
// workbook to fix and send again. Exit 0 when no row was refused, 1 when some were (the others are
// imported: the report says which), 1 with one line when the file is refused whole.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Socle } from '../../app/socle.ts';
import { importContributions } from '../../app/import-contributions.ts';
import { CLI_ACTOR } from '../../domain/actor.ts';
import { parseMappingText } from '../../import/mapping-file.ts';
import { reportLines } from '../../import/report.ts';
import { reportWorkbook } from '../../import/report-workbook.ts';
import { fileSource } from '../../import/source.ts';
import { IMPORT_FR } from '../../messages/fr.ts';
import { UsageError, dataDirOf, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';
import { messages } from '../messages.ts';

/** A file read in less than this prints no progress line (SOCLE_IMPORT_PROGRESS_MS: tests set 0). */
const PROGRESS_AFTER_MS = Number(process.env.SOCLE_IMPORT_PROGRESS_MS ?? 1000);

export async function run(args: string[], context: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'contributions') throw new UsageError(messages.importUsage);
  const { values, positionals } = parseCommandArgs(
    rest,
    { programme: { type: 'string' }, partner: { type: 'string' }, mapping: { type: 'string' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' } },
    1,
  );
  const file = positionals[0];
  if (file === undefined || !values.programme) throw new UsageError(messages.importUsage);
  if (!existsSync(file)) throw new UsageError(messages.noSuchFile(file));
  if (values.mapping !== undefined && !existsSync(values.mapping)) throw new UsageError(messages.noSuchFile(values.mapping));
  if (values.report !== undefined && !/\.xlsx$/i.test(values.report)) throw new UsageError(messages.reportIsXlsx);
  const mapping = values.mapping === undefined ? {} : parseMappingText(readFileSync(values.mapping, 'utf8'));

  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  const started = Date.now();
  let lastProgress = 0;
  try {
    const report = await importContributions(socle.commands, {
      programmeId: values.programme,
      source: fileSource(file),
      mapping,
      ...(values.partner !== undefined && { partnerId: values.partner }),
      dryRun: values['dry-run'] === true,
      actor: CLI_ACTOR,
      onProgress: (rows, imported) => {
        const now = Date.now();
        if (now - started < PROGRESS_AFTER_MS || now - lastProgress < PROGRESS_AFTER_MS) return;
        lastProgress = now;
        process.stderr.write(`${IMPORT_FR.progress(rows, imported)}${process.stderr.isTTY ? '\r' : '\n'}`);
      },
    });
    if (lastProgress > 0 && process.stderr.isTTY) process.stderr.write('\n');
    for (const line of reportLines(report)) console.log(line);
    if (values.report !== undefined) {
      writeFileSync(values.report, await reportWorkbook(report));
      console.log(messages.reportWritten(values.report));
    }
    return report.refused.length === 0 ? 0 : 1;
  } finally {
    await socle.close();
  }
}
