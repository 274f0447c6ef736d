// The command that decides exactly this scenario event: an imported log is replayed as commands
// (src/app/import-domain-check.ts), so each stored scenario fact must be what the rules would decide.
import type { ScenarioEvent } from '../events.ts';
import type { ScenarioCommand } from './decider.ts';

export function scenarioCommand(event: ScenarioEvent): ScenarioCommand {
  const { programmeId, scenarioId } = event.data;
  const target = { programmeId, scenarioId };
  switch (event.type) {
    case 'ScenarioDrafted': {
      const { title, description, basePosition, baseHeadHash, baseAsOfDate, copiedFrom } = event.data;
      const described = description !== undefined ? { description } : {};
      // A copy is decided from its source's facts as they stood: the same state gives the same event.
      if (copiedFrom !== undefined) return { type: 'CopyScenario', ...target, fromScenarioId: copiedFrom, title, ...described };
      return { type: 'DraftScenario', ...target, title, ...described, basePosition, baseHeadHash, ...(baseAsOfDate !== undefined && { baseAsOfDate }) };
    }
    case 'ScenarioEdited':
      return { type: 'EditScenario', ...target, title: event.data.title, ...(event.data.description !== undefined && { description: event.data.description }) };
    case 'ScenarioFactAdded':
      return { type: 'AddScenarioFact', ...target, factId: event.data.factId, fact: event.data.fact };
    case 'ScenarioFactRemoved':
      return { type: 'RemoveScenarioFact', ...target, factId: event.data.factId, reason: event.data.reason };
    case 'ScenarioArchived':
      return { type: 'ArchiveScenario', ...target, reason: event.data.reason };
    default: {
      const never: never = event;
      throw new Error(`unhandled scenario event ${(never as { type: string }).type}`);
    }
  }
}
