// The report specs (src/reports/report-specs.ts, src/exports/workbook-request.ts): one parse of what a
// person asked, its refusals in French, and the one mapping to each report's options.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BudgetSpec, FundingPlanSpec, TotalsSpec, budgetOptionsOf, fundingPlanOptionsOf, parseSpec, totalsFiltersOf } from '../../src/reports/report-specs.ts';
import { parseExportRequest } from '../../src/exports/workbook-request.ts';
import { InvalidCommandError } from '../../src/domain/errors.ts';

function refusal(run: () => unknown): InvalidCommandError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidCommandError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

test('defaults: actual and active totals; both statuses, cerfa and a 100 % cap for the budget; consolidated plan', () => {
  assert.equal(totalsFiltersOf(parseSpec(TotalsSpec, {})), { status: 'actual', include: 'active' });
  assert.equal(totalsFiltersOf(parseSpec(TotalsSpec, { year: 2024, actionId: 'a1', status: 'planned' })), { status: 'planned', year: 2024, actionId: 'a1', include: 'active' });
  assert.equal(budgetOptionsOf(parseSpec(BudgetSpec, { publicCap: '80', chefDeFile: true })), {
    status: 'both',
    include: 'active',
    codes: 'cerfa',
    checks: { publicFundingCapPercent: '80', inKindEligible: false, chefDeFile: true },
  });
  assert.equal(budgetOptionsOf(parseSpec(BudgetSpec, { euCap: '60' })).checks, { publicFundingCapPercent: '100', inKindEligible: false, chefDeFile: false, euCapPercent: '60' });
  assert.equal(fundingPlanOptionsOf(parseSpec(FundingPlanSpec, { applicantId: 'caf' })), { applicantId: 'caf', include: 'active', mode: 'consolidated' });
});

test('refusals name the field and say why, in French', () => {
  assert.match(refusal(() => parseSpec(BudgetSpec, { status: 'maybe' })).message, /^status: le budget prend planned, actual ou both, pas « maybe »$/);
  assert.match(refusal(() => parseSpec(BudgetSpec, { publicCap: '120' })).message, /^publicCap: attendu un pourcentage/);
  assert.match(refusal(() => parseSpec(BudgetSpec, { euCap: '0' })).message, /^euCap: attendu un pourcentage supérieur à 0/);
  assert.match(refusal(() => parseSpec(TotalsSpec, { include: 'all' })).message, /^include: attendu active ou validated, pas « all »$/);
  assert.match(refusal(() => parseExportRequest({ workbook: 'journal', programmeId: 'p', year: 2024 })).message, /le journal liste tous les événements/);
  assert.match(refusal(() => parseExportRequest({ workbook: 'contributions', programmeId: 'p', codes: 'anc' })).message, /ne valent que pour le classeur budget/);
  assert.match(refusal(() => parseExportRequest({ workbook: 'funding-plan', programmeId: 'p', status: 'both' })).message, /consolidated, planned ou actual/);
});

test('a workbook request keeps what its workbook takes, and drops a false flag it does not take', () => {
  assert.equal(parseExportRequest({ workbook: 'journal', programmeId: 'p', asOf: 12, inKindEligible: false }), { workbook: 'journal', programmeId: 'p', asOf: 12 });
  assert.equal(parseExportRequest({ workbook: 'budget', programmeId: 'p', codes: 'anc', inKindEligible: true }), { workbook: 'budget', programmeId: 'p', codes: 'anc', inKindEligible: true });
});

test.run();
