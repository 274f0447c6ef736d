// The demo ledger as reusable data: set-up commands and contribution lives for both seed networks.
// `socle demo`, tests and benchmarks all load it through loadScenario (load.ts).
import type { ProgrammeCommand } from '../domain/programme/decider.ts';
import { acte3Contributions, rafcomContributions, type ContributionLife } from './contributions.ts';
import { ACTE3, RAFCOM, acte3Setup, rafcomSetup } from './setup.ts';
import { acte3Service, rafcomService, type ServiceStep } from './service.ts';
import { acte3Sheets, rafcomSheets } from './sheets.ts';

export interface Scenario {
  programmeIds: string[];
  setup: ProgrammeCommand[];
  lives: ContributionLife[];
  /** Service hours, targets, indicators and measurements (issue 15), loaded after the contributions. */
  service: ServiceStep[];
  /** The fiches actions (issue 14): set-up commands loaded last, so that every earlier position stays as it was. */
  sheets: ProgrammeCommand[];
}

export function demoScenario(): Scenario {
  return {
    programmeIds: [RAFCOM, ACTE3],
    setup: [...rafcomSetup(), ...acte3Setup()],
    lives: [...rafcomContributions(), ...acte3Contributions()],
    service: [...rafcomService(), ...acte3Service()],
    sheets: [...rafcomSheets(), ...acte3Sheets()],
  };
}

export { RAFCOM, ACTE3 };
export type { ContributionLife };
