// A scenario's ledger (issue 16): the real read model at the scenario's base position, thawed into a
// draft of its own (copy-on-write: the real version is never written), with each fact folded in as
// the ledger events it stands for, through the ledger's own evolve. Every report then reads it as
// it reads the real one, so a scenario's totals, shares, budget and funding plan are computed by the
// very code of the real ones. Nothing here is appended anywhere: the events are made up in memory,
// and the same base and facts always make the same ledger.
import { contributionKey, contributionStream, contributionStreamOfKey, programmeStream, type ContributionContent, type DomainEvent, type ScenarioFactEntry } from '../domain/events.ts';
import { dec, Decimal } from '../domain/money.ts';
import { isMoneyKind } from '../domain/kinds.ts';
import { ledgerProjection, isCounted, type ContributionView, type LedgerState, type ProgrammeView } from './ledger.ts';
import type { ProjectedEvent } from './projection.ts';
import type { Checkpoint } from './runner.ts';

/** What the made-up events say of themselves: no actor wrote them, no time recorded them. */
const HYPOTHETICAL = { actor: 'scénario', role: 'coordinator' } as const;
const HYPOTHETICAL_AT = '1970-01-01T00:00:00.000Z';
/** Outside IdSchema: a scenario's contribution ids never meet a real one's. */
const SEP = '~';

export interface ScenarioLedger {
  /** The hypothetical ledger, stamped with its base's position and hash (it has no position of its own). */
  ledger: Checkpoint<LedgerState>;
  /** Facts that found nothing to act on (a contribution not in the base, a site with no partner), in words. */
  notes: string[];
}

export function foldScenario(base: Readonly<Checkpoint<LedgerState>>, programmeId: string, scenarioId: string, facts: readonly ScenarioFactEntry[]): ScenarioLedger {
  const state = ledgerProjection.thaw(base.state);
  const notes: string[] = [];
  let sequence = 0;
  const apply = (stream: string, event: DomainEvent, streamVersion = 1) => {
    const projected = { ...event, id: `${scenarioId}${SEP}${++sequence}`, position: base.position, hash: base.hash, stream, streamVersion, recordedAt: HYPOTHETICAL_AT, metadata: HYPOTHETICAL } as ProjectedEvent;
    ledgerProjection.evolve(state, projected);
  };
  for (const { factId, fact } of facts) {
    const programme = state.programmes.get(programmeId)!;
    const record = (partnerId: string, suffix: string, content: ContributionContent) => {
      const contributionId = `${scenarioId}${SEP}${factId}${suffix}`;
      apply(contributionStream(programmeId, partnerId, contributionId), { type: 'ContributionRecorded', data: { programmeId, contributionId, content } });
    };
    const withdraw = (view: ContributionView) =>
      apply(contributionStreamOfKey(view.key), { type: 'ContributionWithdrawn', data: { programmeId, contributionId: view.contributionId, reason: `scénario ${scenarioId}` } }, view.version + 1);
    switch (fact.kind) {
      case 'add-contribution':
        record(fact.content.partnerId, '', fact.content);
        break;
      case 'staff-per-site': {
        const role = fact.role !== undefined ? { role: fact.role } : {};
        const action = fact.actionId !== undefined ? { actionId: fact.actionId } : {};
        for (const site of programme.sites.values()) {
          if (site.partnerId === undefined) {
            notes.push(`${factId} : le lieu ${site.name} n’a pas de partenaire, aucun temps n’y est ajouté`);
            continue;
          }
          const content: ContributionContent = { partnerId: site.partnerId, kind: 'staff_time', status: fact.status, date: `${fact.year}-01-01`, until: `${fact.year}-12-31`, quantity: fact.hoursPerSite, unit: 'hour', siteId: site.siteId, ...role, ...action, description: `Scénario ${scenarioId} : temps salarié au lieu ${site.name}` };
          record(site.partnerId, `${SEP}${site.siteId}`, content);
        }
        break;
      }
      case 'remove-contribution': {
        const view = findContribution(state, programme, fact.partnerId, fact.contributionId);
        if (view && isCounted(view.review)) withdraw(view);
        else notes.push(`${factId} : la contribution ${fact.contributionId} de ${fact.partnerId} n’est pas comptée à la position ${base.position}`);
        break;
      }
      case 'drop-partner':
        for (const view of countedOf(state, programme)) if (view.content.partnerId === fact.partnerId) withdraw(view);
        break;
      case 'scale-contributions':
        for (const view of countedOf(state, programme)) {
          const c = view.content;
          if ((fact.partnerId !== undefined && c.partnerId !== fact.partnerId) || (fact.contributionKind !== undefined && c.kind !== fact.contributionKind)) continue;
          if ((fact.status !== undefined && c.status !== fact.status) || (fact.year !== undefined && Number(c.date.slice(0, 4)) !== fact.year)) continue;
          const content = scaled(c, dec(fact.factor));
          apply(contributionStreamOfKey(view.key), { type: 'ContributionCorrected', data: { programmeId, contributionId: view.contributionId, reason: `scénario ${scenarioId}`, content } }, view.version + 1);
        }
        break;
      case 'set-rate':
        apply(programmeStream(programmeId), { type: 'ValuationRateSet', data: { programmeId, ...fact.rate } });
        break;
      case 'add-funder': {
        if (!programme.partners.has(fact.partnerId))
          apply(programmeStream(programmeId), { type: 'PartnerJoined', data: { programmeId, partnerId: fact.partnerId, name: fact.name, category: fact.category } });
        const action = fact.actionId !== undefined ? { actionId: fact.actionId } : {};
        record(fact.partnerId, '', { partnerId: fact.partnerId, kind: 'cash', status: fact.status, date: fact.date, amount: fact.amount, unit: 'eur', ...action, description: `Scénario ${scenarioId} : financement de ${fact.name}` });
        break;
      }
    }
  }
  return { ledger: { state, position: base.position, hash: base.hash }, notes };
}

/** A real contribution by partner and id: its scoped identity, or the legacy one (events.ts). */
function findContribution(state: LedgerState, programme: ProgrammeView, partnerId: string, contributionId: string): ContributionView | undefined {
  const scoped = state.contributions.get(contributionKey(programme.programmeId, partnerId, contributionId));
  if (scoped) return scoped;
  const legacy = state.contributions.get(contributionId);
  return legacy && legacy.programmeId === programme.programmeId && legacy.content.partnerId === partnerId ? legacy : undefined;
}

/** The programme's counted contributions, listed before any of them is changed. */
function countedOf(state: LedgerState, programme: ProgrammeView): ContributionView[] {
  const out: ContributionView[] = [];
  for (const key of programme.contributionIds) {
    const view = state.contributions.get(key)!;
    if (isCounted(view.review)) out.push(view);
  }
  return out;
}

/** Quantity (or amount, for money kinds) times the factor, rounded half away from zero to the hundredth (to the cent). */
function scaled(content: ContributionContent, factor: Decimal): ContributionContent {
  if (isMoneyKind(content.kind)) return { ...content, amount: dec(content.amount ?? '0').times(factor).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed() };
  return { ...content, quantity: dec(content.quantity ?? '0').times(factor).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed() };
}
