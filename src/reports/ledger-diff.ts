// What changed between two stamps of a programme: every figure of the totals (and of the budget)
// that differs, and the events that made each difference. Each event's effect is read from the
// programme's running totals (its aggregate cells) just before and just after it, so that a
// correction, a withdrawal and a new rate that revalues a hundred contributions are measured
// alike, and the effects of the events add up exactly to the difference between the two stamps.
// Amounts in integer cents until they are written as decimal strings.
import type { ContributionStatus } from '../domain/kinds.ts';
import { addCents, centsOf, formatIntegerCents, subtractCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import type { LedgerState } from '../read-model/ledger.ts';
import type { RecordedEvent } from '../store/port.ts';
import { matchesFilters, NO_ACTION, type Include } from './totals-document.ts';

/** The scope of the compared totals (the status is both: planned and actual are each compared). */
export interface DiffFilters {
  year?: number;
  actionId?: string;
  include: Include;
}

/** One figure's key: `actual:total`, `planned:byPartner:caf`, `actual:byKind:cash`, `actual:byAction:a1` (or `:none`). */
export type FigureKey = string;

export interface DiffEvent {
  position: number;
  recordedAt: string;
  type: string;
  /** The kind of change, in French. */
  change: string;
  contributionId?: string;
  partnerId?: string;
  actor: string;
  role: string;
  reason?: string;
  /** The event's effect on the totals, in euros: planned and actual. */
  effect: Record<ContributionStatus, string>;
  /** The figures it moved, with its effect on each (cents). */
  figures: Map<FigureKey, Cents>;
}

const CHANGE_FR: Record<string, string> = {
  ContributionRecorded: 'enregistrement',
  ContributionCorrected: 'correction',
  ContributionWithdrawn: 'retrait',
  ContributionValidated: 'validation',
  ContributionRejected: 'rejet',
  ValuationRateSet: 'taux de valorisation',
};

/** The programme's counted cents per cell under the filters (both statuses). */
function cellsOf(state: LedgerState, programmeId: string, filters: DiffFilters): Map<string, { cents: Cents; keys: FigureKey[]; status: ContributionStatus }> {
  const cells = new Map<string, { cents: Cents; keys: FigureKey[]; status: ContributionStatus }>();
  const programme = state.programmes.get(programmeId);
  if (!programme) return cells;
  for (const [key, cell] of programme.aggregates) {
    if (!matchesFilters(cell, { ...filters, status: cell.status })) continue;
    const s = cell.status;
    cells.set(key, { cents: cell.cents, status: s, keys: [`${s}:total`, `${s}:byPartner:${cell.partnerId}`, `${s}:byKind:${cell.kind}`, `${s}:byAction:${cell.actionId ?? NO_ACTION}`] });
  }
  return cells;
}

/**
 * Collects, event by event, what each event of the programme changed (replayVisiting's before and
 * after). Events that moved no figure under the filters (a set-up, a validation counted either way)
 * are not kept.
 */
export class DiffCollector {
  readonly events: DiffEvent[] = [];
  private before = new Map<string, { cents: Cents; keys: FigureKey[]; status: ContributionStatus }>();

  constructor(
    private readonly programmeId: string,
    private readonly filters: DiffFilters,
  ) {}

  private ours(event: RecordedEvent): boolean {
    return (event.data as { programmeId?: unknown } | null)?.programmeId === this.programmeId;
  }

  visitBefore(state: LedgerState, event: RecordedEvent): void {
    if (this.ours(event)) this.before = cellsOf(state, this.programmeId, this.filters);
  }

  visitAfter(state: LedgerState, event: RecordedEvent): void {
    if (!this.ours(event)) return;
    const after = cellsOf(state, this.programmeId, this.filters);
    const figures = new Map<FigureKey, Cents>();
    const effect: Record<ContributionStatus, Cents> = { planned: ZERO_CENTS, actual: ZERO_CENTS };
    for (const key of new Set([...this.before.keys(), ...after.keys()])) {
      const was = this.before.get(key);
      const is = after.get(key);
      const delta = subtractCents(is?.cents ?? ZERO_CENTS, was?.cents ?? ZERO_CENTS);
      if (delta === 0) continue;
      const cell = (is ?? was)!;
      effect[cell.status] = addCents(effect[cell.status], delta);
      for (const figure of cell.keys) figures.set(figure, addCents(figures.get(figure) ?? ZERO_CENTS, delta));
    }
    for (const [figure, cents] of figures) if (cents === 0) figures.delete(figure);
    if (figures.size === 0) return;
    this.events.push(describe(event, effect, figures, state));
  }
}

function describe(event: RecordedEvent, effect: Record<ContributionStatus, Cents>, figures: Map<FigureKey, Cents>, state: LedgerState): DiffEvent {
  const data = toDomainEvent(event.type, event.schemaVersion, event.data).data as { contributionId?: string; reason?: string; content?: { partnerId?: string } };
  const key = event.stream.startsWith('contribution-') ? event.stream.slice('contribution-'.length) : undefined;
  const partnerId = data.content?.partnerId ?? (key !== undefined ? state.contributions.get(key)?.content.partnerId : undefined);
  return {
    position: event.position,
    recordedAt: event.recordedAt,
    type: event.type,
    change: CHANGE_FR[event.type] ?? event.type,
    ...(data.contributionId !== undefined && { contributionId: data.contributionId }),
    ...(partnerId !== undefined && { partnerId }),
    actor: event.metadata.actor,
    role: event.metadata.role,
    ...(data.reason !== undefined && { reason: data.reason }),
    effect: { planned: formatIntegerCents(effect.planned), actual: formatIntegerCents(effect.actual) },
    figures,
  };
}

// ---- the document ----

export interface DiffFigure {
  key: FigureKey;
  label: string;
  from: string;
  to: string;
  difference: string;
  /** The positions of the events that moved it (DiffDocument.events). */
  events: number[];
}

export interface DiffStamp {
  position: number;
  headHash: string;
  asked?: { date: string; instant: string };
}

export interface DiffDocument {
  programmeId: string;
  from: DiffStamp;
  to: DiffStamp;
  filters: DiffFilters;
  totals: DiffFigure[];
  /** The budget's lines that differ (the programme's budget, both statuses), or why it has none. */
  budget: DiffFigure[] | { unavailable: string };
  events: (Omit<DiffEvent, 'figures'> & { figures: { key: FigureKey; effect: string }[] })[];
}

const STATUS_FR: Record<ContributionStatus, string> = { planned: 'prévu', actual: 'réalisé' };

/** The totals' figures of one version, by key, in cents (a programme not open yet: none). */
export function totalsFigures(state: LedgerState, programmeId: string, filters: DiffFilters): Map<FigureKey, Cents> {
  const figures = new Map<FigureKey, Cents>();
  for (const cell of cellsOf(state, programmeId, filters).values()) for (const key of cell.keys) figures.set(key, addCents(figures.get(key) ?? ZERO_CENTS, cell.cents));
  return figures;
}

function labelOf(key: FigureKey): string {
  const [status, dimension, id] = key.split(':') as [ContributionStatus, string, string | undefined];
  const s = STATUS_FR[status];
  if (dimension === 'total') return `total ${s}`;
  if (dimension === 'byPartner') return `${s} — partenaire ${id}`;
  if (dimension === 'byKind') return `${s} — nature ${id}`;
  return id === NO_ACTION ? `${s} — hors action` : `${s} — action ${id}`;
}

/** The figures that differ between the two versions, each with the events that moved it. */
export function differingFigures(from: Map<FigureKey, Cents>, to: Map<FigureKey, Cents>, events: readonly DiffEvent[]): DiffFigure[] {
  const figures: DiffFigure[] = [];
  for (const key of [...new Set([...from.keys(), ...to.keys()])].sort()) {
    const was = from.get(key) ?? ZERO_CENTS;
    const is = to.get(key) ?? ZERO_CENTS;
    if (was === is) continue;
    figures.push({
      key,
      label: labelOf(key),
      from: formatIntegerCents(was),
      to: formatIntegerCents(is),
      difference: formatIntegerCents(subtractCents(is, was)),
      events: events.filter((e) => e.figures.has(key)).map((e) => e.position),
    });
  }
  return figures;
}

export interface BudgetLineAmounts {
  id: string;
  label: string;
  amounts: Partial<Record<ContributionStatus, string>>;
}

/** The budget lines whose planned or actual amount differs; their events: those that moved the totals of that status (a line's share of an event is not kept). */
export function differingLines(from: readonly BudgetLineAmounts[], to: readonly BudgetLineAmounts[], events: readonly DiffEvent[]): DiffFigure[] {
  const was = new Map(from.map((line) => [line.id, line]));
  const is = new Map(to.map((line) => [line.id, line]));
  const figures: DiffFigure[] = [];
  for (const id of new Set([...was.keys(), ...is.keys()])) {
    for (const status of ['planned', 'actual'] as const) {
      // The budget's amounts are decimal strings with two decimals: exact cents.
      const a = centsOf(was.get(id)?.amounts[status]);
      const b = centsOf(is.get(id)?.amounts[status]);
      if (a === b) continue;
      figures.push({
        key: `${status}:budget:${id}`,
        label: `${(is.get(id) ?? was.get(id))!.label} — ${STATUS_FR[status]}`,
        from: formatIntegerCents(a),
        to: formatIntegerCents(b),
        difference: formatIntegerCents(subtractCents(b, a)),
        events: events.filter((e) => e.figures.has(`${status}:total`)).map((e) => e.position),
      });
    }
  }
  return figures;
}

export function diffDocument(
  programmeId: string,
  stamps: { from: DiffStamp; to: DiffStamp },
  filters: DiffFilters,
  figures: { from: Map<FigureKey, Cents>; to: Map<FigureKey, Cents> },
  budget: DiffFigure[] | { unavailable: string },
  events: readonly DiffEvent[],
): DiffDocument {
  return {
    programmeId,
    ...stamps,
    filters,
    totals: differingFigures(figures.from, figures.to, events),
    budget,
    events: events.map(({ figures: moved, ...event }) => ({ ...event, figures: [...moved].map(([key, cents]) => ({ key, effect: formatIntegerCents(cents) })) })),
  };
}
