// `socle diff --programme ID --from POS|DATE [--to POS|DATE] [--year AAAA] [--action ID]
// [--include I] [--json]`: what changed between two stamps (src/app/ledger-diff.ts), in French
// lines, or the document as JSON. Reads only: nothing is written.
import { Socle } from '../../app/socle.ts';
import { diffLedger } from '../../app/ledger-diff.ts';
import { DomainError } from '../../domain/errors.ts';
import { frenchEuros } from '../../domain/french-format.ts';
import { DiffSpec, defined, parseSpec } from '../../reports/report-specs.ts';
import type { DiffDocument, DiffFigure } from '../../reports/ledger-diff.ts';
import { cliWords } from '../spec-words.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, {
    programme: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    year: { type: 'string' },
    action: { type: 'string' },
    include: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.programme) throw new UsageError('socle diff a besoin de --programme ID');
  let spec: DiffSpec;
  try {
    spec = parseSpec(DiffSpec, defined({ from: values.from, to: values.to, year: integerOption('year', values.year, 1900, 2200), actionId: values.action, include: values.include }));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(cliWords((error as Error).message));
  }
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    const diff = await diffLedger(socle, values.programme, spec).catch((error: unknown) => {
      if (error instanceof DomainError) error.message = cliWords(error.message);
      throw error;
    });
    console.log(values.json ? JSON.stringify(diff, null, 2) : inWords(diff).join('\n'));
    return 0;
  } finally {
    await socle.close();
  }
}

const signed = (amount: string) => (amount.startsWith('-') ? frenchEuros(amount) : `+${frenchEuros(amount)}`);

function figureLine(figure: DiffFigure): string {
  const events = figure.events.length === 0 ? '' : ` — ${figure.events.length === 1 ? 'événement' : 'événements'} ${figure.events.join(', ')}`;
  return `  ${figure.label} : ${frenchEuros(figure.from)} → ${frenchEuros(figure.to)} (${signed(figure.difference)})${events}`;
}

/** The diff as a person reads it: the two stamps, the figures that moved, then each event. */
export function inWords(diff: DiffDocument): string[] {
  const stamp = (s: DiffDocument['from']) => `position ${s.position}${s.asked ? ` (${s.asked.date})` : ''}, empreinte ${s.headHash}`;
  const lines = [`${diff.programmeId} : de la ${stamp(diff.from)}`, `${' '.repeat(diff.programmeId.length)}   à la ${stamp(diff.to)}`];
  if (diff.totals.length === 0) return [...lines, 'aucun chiffre des totaux n’a changé'];
  lines.push('Totaux :', ...diff.totals.map(figureLine));
  if (Array.isArray(diff.budget)) lines.push('Budget :', ...(diff.budget.length === 0 ? ['  aucune ligne n’a changé'] : diff.budget.map(figureLine)));
  else lines.push(`Budget : indisponible (${diff.budget.unavailable})`);
  lines.push('Événements :');
  for (const e of diff.events) {
    const what = e.contributionId !== undefined ? `contribution ${e.contributionId}${e.partnerId ? ` (${e.partnerId})` : ''}` : e.type;
    const why = e.reason !== undefined ? `, motif « ${e.reason} »` : '';
    lines.push(`  ${e.position}  ${e.recordedAt}  ${e.change}, ${what}, par ${e.actor} (${e.role})${why} : réalisé ${signed(e.effect.actual)}, prévu ${signed(e.effect.planned)}`);
  }
  return lines;
}
