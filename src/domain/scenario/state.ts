// The what-if scenarios of one programme (issue 16): the stream scenarios-<programmeId> folded.
// Each scenario keeps its title, its base (the position of the real ledger it is drawn on) and its
// facts in the order they were added; a removed fact is gone from the list, an archived scenario
// takes no more facts. Pure: the state a list of events makes, nothing else.
import type { ScenarioEvent, ScenarioFactEntry } from '../events.ts';
import { assert } from '../errors.ts';

export interface Scenario {
  scenarioId: string;
  title: string;
  description?: string;
  basePosition: number;
  baseHeadHash: string;
  baseAsOfDate?: string;
  copiedFrom?: string;
  facts: ScenarioFactEntry[];
  archived?: { reason: string };
}

export interface ScenarioBook {
  /** In the order they were drafted. */
  scenarios: Map<string, Scenario>;
}

export function initialScenarioBook(): ScenarioBook {
  return { scenarios: new Map() };
}

/** Mutates and returns `state` (the handler's load and a read's fold each own theirs). */
export function evolveScenarios(state: ScenarioBook, event: ScenarioEvent): ScenarioBook {
  if (event.type === 'ScenarioDrafted') {
    const { programmeId: _programme, facts, ...scenario } = event.data;
    assert(!state.scenarios.has(scenario.scenarioId), `scenario ${scenario.scenarioId} drafted twice`);
    state.scenarios.set(scenario.scenarioId, { ...scenario, facts: facts.slice() });
    return state;
  }
  const scenario = state.scenarios.get(event.data.scenarioId);
  assert(scenario, `${event.type} for unknown scenario ${event.data.scenarioId}`);
  switch (event.type) {
    case 'ScenarioEdited': {
      scenario.title = event.data.title;
      if (event.data.description === undefined) delete scenario.description;
      else scenario.description = event.data.description;
      return state;
    }
    case 'ScenarioFactAdded':
      assert(!scenario.archived, `fact added to archived scenario ${scenario.scenarioId}`);
      assert(!scenario.facts.some((f) => f.factId === event.data.factId), `fact ${event.data.factId} added twice`);
      scenario.facts.push({ factId: event.data.factId, fact: event.data.fact });
      return state;
    case 'ScenarioFactRemoved':
      assert(scenario.facts.some((f) => f.factId === event.data.factId), `removing unknown fact ${event.data.factId}`);
      scenario.facts = scenario.facts.filter((f) => f.factId !== event.data.factId);
      return state;
    case 'ScenarioArchived':
      scenario.archived = { reason: event.data.reason };
      return state;
    default: {
      const never: never = event;
      throw new Error(`unhandled scenario event ${(never as { type: string }).type}`);
    }
  }
}
