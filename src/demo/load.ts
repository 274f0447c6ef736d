// Loads a scenario through the command handlers, so the demo obeys every rule a user does. Loading
// twice writes nothing the second time: set-up and recordings are idempotent by id, and each later
// step of a contribution's life runs only if the stream has not reached it yet.
import type { Actor } from '../domain/actor.ts';
import type { LedgerCommands } from '../app/commands.ts';
import type { Scenario } from './scenario.ts';

export interface LoadReport {
  commands: number;
  eventsWritten: number;
  contributions: number;
}

const COORDINATOR: Actor = { name: 'demo:coordination', role: 'coordinator' };

function partnerActor(partnerId: string): Actor {
  return { name: `demo:${partnerId}`, role: 'partner', partnerId };
}

export async function loadScenario(commands: LedgerCommands, scenario: Scenario, onProgress?: (done: number, total: number) => void): Promise<LoadReport> {
  const report: LoadReport = { commands: 0, eventsWritten: 0, contributions: scenario.lives.length };
  for (const command of scenario.setup) {
    const result = await commands.handleProgramme(command, COORDINATOR);
    report.commands += 1;
    if (result.position !== null) report.eventsWritten += 1;
  }
  let done = 0;
  for (const life of scenario.lives) {
    const partner = partnerActor(life.partnerId);
    let version = 0;
    for (const [index, step] of life.steps.entries()) {
      // Step n of a life leaves the stream at version n + 1.
      if (index > 0 && version >= index + 1) continue;
      const actor = step.type === 'ValidateContribution' || step.type === 'RejectContribution' ? COORDINATOR : partner;
      if (index === 0) {
        const result = await commands.handleContribution(step, actor);
        version = result.version;
        if (result.position !== null) report.eventsWritten += 1;
      } else {
        const result = await commands.handleContribution(step, actor, version);
        version = result.version;
        report.eventsWritten += 1;
      }
      report.commands += 1;
    }
    done += 1;
    if (onProgress && done % 100 === 0) onProgress(done, scenario.lives.length);
  }
  // Idempotent by id like the set-up: a second load writes nothing.
  for (const step of scenario.service ?? []) {
    const result = await commands.handleService(step.command, step.partnerId === undefined ? COORDINATOR : partnerActor(step.partnerId));
    report.commands += 1;
    if (result.position !== null) report.eventsWritten += 1;
  }
  // The fiches actions: idempotent too (the same sheet again decides nothing).
  for (const command of scenario.sheets ?? []) {
    const result = await commands.handleProgramme(command, COORDINATOR);
    report.commands += 1;
    if (result.position !== null) report.eventsWritten += 1;
  }
  return report;
}
