// 3. Valuation and totals over many contributions, in memory: the generated ledger is folded into
// the ledger read model (every recording and correction is valued as it comes), then the totals
// document is asked of the live read model, as GET /totals does; and a new rate is set, which
// revalues every contribution of its kind.
import { ledgerProjection, type LedgerState } from '../../src/read-model/ledger.ts';
import type { ProjectedEvent } from '../../src/read-model/projection.ts';
import type { Checkpoint } from '../../src/read-model/runner.ts';
import { totalsDocument, type TotalsFilters } from '../../src/reports/totals-document.ts';
import type { DomainEvent } from '../../src/domain/events.ts';
import { valueContribution } from '../../src/domain/valuation.ts';
import type { EventMetadata } from '../../src/store/port.ts';
import { ledgerEvents } from '../ledger.ts';
import { perSecond, summarize } from '../stats.ts';

export interface ValuationArgs {
  contributions: number;
  seed?: number;
  /** Totals documents asked for the timing (the median is kept). */
  totalsCalls?: number;
}

export interface ValuationFigures {
  contributions: number;
  events: number;
  foldContributionsPerSecond: number;
  valueAllSeconds: number;
  totalsMs: number;
  totalsYearMs: number;
  revaluedContributions: number;
  revalueMs: number;
  total: string;
}

const FILTERS: TotalsFilters = { status: 'actual', include: 'active' };
const PROGRAMME = 'rafcom';

export async function measureValuation(args: ValuationArgs): Promise<ValuationFigures> {
  const source = ledgerEvents(args.seed ?? 1);
  const versions = new Map<string, number>();
  let state: LedgerState = ledgerProjection.initialState();
  let position = 0;
  let foldMs = 0;
  const chunk: ProjectedEvent[] = [];
  const fold = () => {
    const started = performance.now();
    for (const event of chunk) state = ledgerProjection.evolve(state, event);
    foldMs += performance.now() - started;
    chunk.length = 0;
  };
  while (state.contributions.size < args.contributions) {
    // Generate a chunk, then time only its folding.
    while (chunk.length < 10_000) {
      const next = source.next().value!;
      position += 1;
      chunk.push(projected(versions, next.event, next.stream, next.metadata, position));
    }
    fold();
  }
  const contributions = state.contributions.size;
  const checkpoint: Checkpoint<LedgerState> = { state, position, hash: '0'.repeat(64) };
  const programme = state.programmes.get(PROGRAMME)!;

  // Valuing every contribution again from its content and its programme's rates.
  let started = performance.now();
  let valued = 0;
  for (const view of state.contributions.values()) {
    const rates = state.programmes.get(view.programmeId)!.ratesByKind.get(view.content.kind) ?? [];
    if (valueContribution(view.content, rates).value !== null) valued += 1;
  }
  const valueAllSeconds = (performance.now() - started) / 1000;
  if (valued === 0) throw new Error('nothing was valued');

  const calls = args.totalsCalls ?? 50;
  const time = (filters: TotalsFilters) => {
    const samples: number[] = [];
    let total = '';
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      total = totalsDocument(checkpoint, programme, filters).total;
      samples.push(performance.now() - t);
    }
    return { ms: summarize(samples).median, total };
  };
  const all = time(FILTERS);
  const year = time({ ...FILTERS, year: 2025 });

  // A new loaded hourly cost for staff time: every staff_time contribution of the programme is revalued.
  const revaluedContributions = [...programme.contributionIds].filter((id) => state.contributions.get(id)!.content.kind === 'staff_time').length;
  started = performance.now();
  state = ledgerProjection.evolve(state, projected(
    versions,
    {
      type: 'ValuationRateSet',
      data: { programmeId: PROGRAMME, rateId: 'staff-2025-bench', kind: 'staff_time', unit: 'hour', amount: '17.5', validFrom: '2025-01-01', basis: 'Nouveau coût horaire chargé (banc d’essai)' },
    },
    `programme-${PROGRAMME}`,
    { actor: 'bench:coordination', role: 'coordinator' },
    position + 1,
  ));
  const revalueMs = performance.now() - started;

  return {
    contributions,
    events: position,
    foldContributionsPerSecond: perSecond(contributions, foldMs),
    valueAllSeconds,
    totalsMs: all.ms,
    totalsYearMs: year.ms,
    revaluedContributions,
    revalueMs,
    total: all.total,
  };
}

function projected(versions: Map<string, number>, event: DomainEvent, stream: string, metadata: EventMetadata, position: number): ProjectedEvent {
  const streamVersion = (versions.get(stream) ?? 0) + 1;
  versions.set(stream, streamVersion);
  return {
    type: event.type,
    data: event.data,
    id: `bench-${position}`,
    position,
    hash: '',
    stream,
    streamVersion,
    recordedAt: new Date(Date.UTC(2024, 0, 2) + position * 60_000).toISOString(),
    metadata,
  } as ProjectedEvent;
}
