// socle diff and GET /api/programmes/:p/diff: what changed in a programme between two stamps
// (positions or dates). The two versions come from the composition root; the events between them
// are folded one at a time from the first, so that each event's effect is measured
// (src/reports/ledger-diff.ts).
import { DomainError, InvalidCommandError } from '../domain/errors.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { ledgerProjection, requireProgramme, type LedgerState } from '../read-model/ledger.ts';
import { replayVisiting, type Checkpoint } from '../read-model/runner.ts';
import { budgetDocument } from '../reports/budget.ts';
import { DiffCollector, diffDocument, differingLines, totalsFigures, type BudgetLineAmounts, type DiffDocument, type DiffEvent, type DiffFigure, type DiffFilters, type DiffStamp } from '../reports/ledger-diff.ts';
import { askedOfStamp, budgetOptionsOf, type DiffSpec } from '../reports/report-specs.ts';
import type { ResolvedAsOfDate } from './as-of-date.ts';
import type { Socle } from './socle.ts';

export async function diffLedger(socle: Socle, programmeId: string, spec: DiffSpec): Promise<DiffDocument> {
  const from = await stampAsked(socle, programmeId, 'from', spec.from);
  const to = await stampAsked(socle, programmeId, 'to', spec.to);
  const toPosition = to.asOf ?? (await socle.store.head()).position;
  const fromPosition = from.asOf!;
  if (fromPosition > toPosition) throw new InvalidCommandError(`from: ${DOMAIN_FR.diffBackwards(fromPosition, toPosition)}`, [{ path: 'from', message: DOMAIN_FR.diffBackwards(fromPosition, toPosition) }]);
  const [before, after] = [await socle.ledgerAt(fromPosition), await socle.ledgerAt(toPosition)];
  requireProgramme(after.state, programmeId);
  const filters: DiffFilters = { include: spec.include ?? 'active', ...(spec.year !== undefined && { year: spec.year }), ...(spec.actionId !== undefined && { actionId: spec.actionId }) };
  const collector = new DiffCollector(programmeId, filters);
  await replayVisiting(socle.store, ledgerProjection, before, toPosition, {
    before: (state, event) => collector.visitBefore(state, event),
    after: (state, event) => collector.visitAfter(state, event),
  });
  return diffDocument(
    programmeId,
    { from: stampOf(before, from.date), to: stampOf(after, to.date) },
    filters,
    { from: totalsFigures(before.state, programmeId, filters), to: totalsFigures(after.state, programmeId, filters) },
    budgetDiff(before, after, programmeId, filters, collector.events),
    collector.events,
  );
}

/** A stamp resolved as a read's asOf / asOfDate, its refusal naming the stamp (from, to) rather than asOfDate. */
async function stampAsked(socle: Socle, programmeId: string, path: 'from' | 'to', text: string | undefined): Promise<{ asOf?: number; date?: ResolvedAsOfDate }> {
  try {
    return await socle.positionAsked(programmeId, askedOfStamp(text));
  } catch (error) {
    if (!(error instanceof InvalidCommandError)) throw error;
    const message = error.errors[0]?.message ?? error.message;
    throw new InvalidCommandError(`${path}: ${message}`, [{ path, message }]);
  }
}

function stampOf(version: Readonly<Checkpoint<LedgerState>>, date: ResolvedAsOfDate | undefined): DiffStamp {
  return { position: version.position, headHash: version.hash, ...(date && { asked: { date: date.asked, instant: date.instant } }) };
}

/** The programme's budget (both statuses) at each stamp, line by line; a budget that cannot be made (no pilot to file it) says why. */
function budgetDiff(before: Readonly<Checkpoint<LedgerState>>, after: Readonly<Checkpoint<LedgerState>>, programmeId: string, filters: DiffFilters, events: readonly DiffEvent[]): DiffFigure[] | { unavailable: string } {
  try {
    return differingLines(budgetLines(before, programmeId, filters), budgetLines(after, programmeId, filters), events);
  } catch (error) {
    if (error instanceof DomainError) return { unavailable: error.message };
    throw error;
  }
}

function budgetLines(version: Readonly<Checkpoint<LedgerState>>, programmeId: string, filters: DiffFilters): BudgetLineAmounts[] {
  const programme = version.state.programmes.get(programmeId);
  if (!programme) return [];
  const doc = budgetDocument(version, programme, budgetOptionsOf(filters));
  return [...doc.lines.charges, ...doc.lines.produits, ...doc.inKind.emplois, ...doc.inKind.ressources].map((line) => ({ id: line.id, label: `${line.code} ${line.label}`, amounts: line.amounts }));
}
