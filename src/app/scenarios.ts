// What-if scenarios read (issue 16): the programme's scenarios as the stream scenarios-<programmeId>
// stood at the read's position, each folded onto the real ledger at its base position
// (scenario-fold.ts), and all of them side by side with the real plan at the read's version
// (scenario-comparison.ts). The same position gives the same comparison: the stream is cut there,
// and each base is a fixed position.
import { scenarioStream, isScenarioEvent, type ScenarioEvent } from '../domain/events.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import { NotFoundError } from '../domain/errors.ts';
import { evolveScenarios, initialScenarioBook, type ScenarioBook } from '../domain/scenario/state.ts';
import { requireProgramme } from '../read-model/ledger.ts';
import { foldScenario } from '../read-model/scenario-fold.ts';
import { scenarioComparison, type ComparisonScope, type ScenarioComparison } from '../reports/scenario-comparison.ts';
import { SCENARIO_FR } from '../messages/scenario-fr.ts';
import type { EventStore } from '../store/port.ts';
import type { Socle } from './socle.ts';
import type { Actor } from '../domain/actor.ts';
import type { ProgrammeCommandResult } from './commands.ts';

/** The programme's scenarios as they stood right after global position `position`. */
export async function scenarioBookAt(store: EventStore, programmeId: string, position: number): Promise<ScenarioBook> {
  const book = initialScenarioBook();
  for (const stored of (await store.readStream(scenarioStream(programmeId))).events) {
    if (stored.position > position) break;
    const event = toDomainEvent(stored.type, stored.schemaVersion, stored.data);
    if (!isScenarioEvent(event)) throw new Error(`invariant violated: ${stored.type} in the scenario stream of ${programmeId}`);
    evolveScenarios(book, event as ScenarioEvent);
  }
  return book;
}

export interface ComparisonAsked extends ComparisonScope {
  asOf?: number;
  /** Only these scenarios (default: every one not archived). */
  scenarioIds?: string[];
  includeArchived?: boolean;
}

export async function compareScenarios(socle: Socle, programmeId: string, asked: ComparisonAsked): Promise<ScenarioComparison> {
  const real = await socle.ledgerAt(asked.asOf);
  requireProgramme(real.state, programmeId);
  const book = await scenarioBookAt(socle.store, programmeId, real.position);
  for (const id of asked.scenarioIds ?? []) if (!book.scenarios.has(id)) throw new NotFoundError(SCENARIO_FR.unknownScenario(id));
  const chosen = [...book.scenarios.values()].filter((s) => (asked.scenarioIds ? asked.scenarioIds.includes(s.scenarioId) : asked.includeArchived || !s.archived));
  const folded = [];
  // One base at a time: scenarios drawn on the same position share one as-of version (socle.ts keeps the last few).
  for (const scenario of chosen) folded.push({ scenario, ledger: foldScenario(await socle.ledgerAt(scenario.basePosition), programmeId, scenario.scenarioId, scenario.facts) });
  const scope: ComparisonScope = { status: asked.status, ...(asked.year !== undefined && { year: asked.year }) };
  return scenarioComparison(real, programmeId, scope, folded);
}

/**
 * Drafts a scenario on the real ledger at `asOf` or `asOfDate` (socle.positionAsked: a date before
 * the programme, in the future or malformed is refused), the head by default. The base's hash is
 * recorded with it, so the scenario names exactly the ledger it was drawn on.
 */
export async function draftScenario(
  socle: Socle,
  data: { programmeId: string; scenarioId: string; title: string; description?: string | undefined; asOf?: number | undefined; asOfDate?: string | undefined },
  actor: Actor,
): Promise<ProgrammeCommandResult & { basePosition: number; baseHeadHash: string }> {
  const { programmeId, scenarioId, title, description } = data;
  const asked = await socle.positionAsked(programmeId, data);
  const base = await socle.ledgerAt(asked.asOf);
  const result = await socle.commands.handleScenario(
    { type: 'DraftScenario', programmeId, scenarioId, title, ...(description !== undefined && { description }), basePosition: base.position, baseHeadHash: base.hash, ...(asked.date && { baseAsOfDate: asked.date.asked }) },
    actor,
  );
  return { ...result, basePosition: base.position, baseHeadHash: base.hash };
}
