// The real plan and the what-if scenarios side by side (issue 16): for each, the totals (every
// partner's total and share, every kind's), and the funding plan's synthesis (expenses, co-funding,
// other receipts, the reste à charge that no funder covers: the funding gap), with each scenario's
// difference from the real plan. Pure: the real version and each scenario's ledger in
// (scenario-fold.ts), the document out; the real plan is the same reports' answer on the same
// version, so a scenario differs from it by its facts only (and, drawn on an older base, by what the
// ledger recorded since: its base position is given).
import { CONTRIBUTION_KINDS, type ContributionKind, type ContributionStatus } from '../domain/kinds.ts';
import { addCents, centsOf, formatIntegerCents, subtractCents } from '../domain/money.ts';
import { requireProgramme, type LedgerState } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import type { Scenario } from '../domain/scenario/state.ts';
import type { ScenarioLedger } from '../read-model/scenario-fold.ts';
import { totalsDocument } from './totals-document.ts';
import { fundingPlanDocument } from './funding-plan.ts';

export interface ComparisonScope {
  /** Default planned: a scenario is a plan. */
  status: ContributionStatus;
  year?: number;
}

/** One column of the comparison: euros as decimal strings, shares in percent. */
export interface PlanFigures {
  total: string;
  byPartner: { partnerId: string; name: string; total: string; share: string }[];
  byKind: Record<ContributionKind, string>;
  funding: { expenses: string; cofunding: string; other: string; fundingGap: string; inKind: string };
}

export interface ScenarioColumn {
  scenarioId: string;
  title: string;
  description?: string;
  base: { position: number; headHash: string; asOfDate?: string };
  copiedFrom?: string;
  archived: boolean;
  facts: Scenario['facts'];
  figures: PlanFigures;
  /** Scenario − real, figure by figure (a partner absent from one side counts zero there). */
  difference: { total: string; byPartner: Record<string, string>; byKind: Record<ContributionKind, string>; funding: PlanFigures['funding'] };
  notes: string[];
}

export interface ScenarioComparison {
  programmeId: string;
  programmeName: string;
  /** The version the real plan and the list of scenarios were read at. */
  asOf: { position: number; headHash: string };
  scope: ComparisonScope;
  real: PlanFigures;
  scenarios: ScenarioColumn[];
}

export function planFigures(ledger: Checkpoint<LedgerState>, programmeId: string, scope: ComparisonScope): PlanFigures {
  const programme = requireProgramme(ledger.state, programmeId);
  const year = scope.year !== undefined ? { year: scope.year } : {};
  const totals = totalsDocument(ledger, programme, { status: scope.status, include: 'active', ...year });
  const plan = fundingPlanDocument(ledger, programme, { mode: scope.status, include: 'active', ...year }).synthesis.totals;
  return {
    total: totals.total,
    byPartner: totals.byPartner.map((p) => ({ partnerId: p.partnerId, name: programme.partners.get(p.partnerId)?.name ?? p.partnerId, total: p.total, share: p.share })),
    byKind: totals.byKind,
    funding: {
      expenses: plan.expenses,
      cofunding: formatIntegerCents(addCents(centsOf(plan.cofinancementsAcquis), centsOf(plan.cofinancementsSollicites))),
      other: plan.autres,
      fundingGap: plan.resteACharge,
      inKind: plan.inKind,
    },
  };
}

export function scenarioComparison(real: Checkpoint<LedgerState>, programmeId: string, scope: ComparisonScope, scenarios: readonly { scenario: Scenario; ledger: ScenarioLedger }[]): ScenarioComparison {
  const programme = requireProgramme(real.state, programmeId);
  const realFigures = planFigures(real, programmeId, scope);
  return {
    programmeId,
    programmeName: programme.name,
    asOf: { position: real.position, headHash: real.hash },
    scope,
    real: realFigures,
    scenarios: scenarios.map(({ scenario, ledger }) => {
      const figures = planFigures(ledger.ledger, programmeId, scope);
      return {
        scenarioId: scenario.scenarioId,
        title: scenario.title,
        ...(scenario.description !== undefined && { description: scenario.description }),
        base: { position: scenario.basePosition, headHash: scenario.baseHeadHash, ...(scenario.baseAsOfDate !== undefined && { asOfDate: scenario.baseAsOfDate }) },
        ...(scenario.copiedFrom !== undefined && { copiedFrom: scenario.copiedFrom }),
        archived: scenario.archived !== undefined,
        facts: scenario.facts,
        figures,
        difference: differenceOf(figures, realFigures),
        notes: ledger.notes,
      };
    }),
  };
}

const minus = (a: string, b: string) => formatIntegerCents(subtractCents(centsOf(a), centsOf(b)));

function differenceOf(scenario: PlanFigures, real: PlanFigures): ScenarioColumn['difference'] {
  const partners = [...new Set([...real.byPartner, ...scenario.byPartner].map((p) => p.partnerId))].sort();
  const totalOf = (figures: PlanFigures, partnerId: string) => figures.byPartner.find((p) => p.partnerId === partnerId)?.total ?? '0';
  const funding = Object.fromEntries(Object.keys(real.funding).map((k) => [k, minus(scenario.funding[k as keyof PlanFigures['funding']], real.funding[k as keyof PlanFigures['funding']])]));
  return {
    total: minus(scenario.total, real.total),
    byPartner: Object.fromEntries(partners.map((id) => [id, minus(totalOf(scenario, id), totalOf(real, id))])),
    byKind: Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, minus(scenario.byKind[k], real.byKind[k])])) as Record<ContributionKind, string>,
    funding: funding as PlanFigures['funding'],
  };
}
