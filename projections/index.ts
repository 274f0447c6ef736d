// The projections the design card names (shared design, architecture.md: "projections/ read models
// as pure evolve functions over the global log, plus the runner"). The code lives on its floors:
// src/read-model (the fold, its versions, the runner, the snapshot codec) and src/reports (totals,
// budget, funding plan, checks: functions of one version). This entry point only re-exports them,
// for a reader who looks here first and for scripts that want one import.
export { ledgerProjection, requireProgramme, requireAction, type LedgerState, type ProgrammeView, type ContributionView } from '../src/read-model/ledger.ts';
export { replay, LiveProjection, type Checkpoint } from '../src/read-model/runner.ts';
export { READ_MODEL_VERSION } from '../src/read-model/read-model-version.ts';
export { totalsDocument, type TotalsDocument, type TotalsFilters } from '../src/reports/totals-document.ts';
export { budgetDocument } from '../src/reports/budget.ts';
export { fundingPlanDocument } from '../src/reports/funding-plan.ts';
export { fundingChecks } from '../src/reports/funding-checks.ts';
