// `socle scenarios show|draft|edit|fact|remove-fact|copy|archive --programme ID …` (issue 16): the
// command line's coordinator drafts a what-if scenario on the ledger (at --as-of, --as-of-date or
// the head), edits its title and description, adds its facts (one ScenarioFact as JSON, docs/api.md
// « Scénarios ») and removes them with a reason, copies and archives it; `show` prints the scenarios
// beside the real plan (or --json). Every write is the API's command through the same handler
// (socle.commands.handleScenario), its title, description and reason checked by the API's own
// schemas. Nothing here touches the real figures.
import { Socle } from '../../app/socle.ts';
import { compareScenarios, draftScenario, scenarioBookAt } from '../../app/scenarios.ts';
import { ScenarioEditBody, ScenarioReasonBody } from '../../api/scenario-schemas.ts';
import { CLI_ACTOR } from '../../domain/actor.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { ScenarioFact } from '../../domain/events.ts';
import type { ScenarioCommand } from '../../domain/scenario/decider.ts';
import { DOMAIN_FR } from '../../messages/fr.ts';
import { SCENARIO_FR } from '../../messages/scenario-fr.ts';
import { messages } from '../messages.ts';
import { frenchEuros } from '../../domain/french-format.ts';
import { parseSpec } from '../../reports/report-specs.ts';
import type { ScenarioComparison } from '../../reports/scenario-comparison.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, provenanceOptions, requireLedger, type CliContext } from '../context.ts';
import { writeScenariosWorkbook } from '../../exports/scenarios-workbook.ts';

const ACTIONS = ['show', 'export', 'draft', 'edit', 'fact', 'remove-fact', 'copy', 'archive'] as const;
const OPTIONS = {
  programme: { type: 'string' },
  scenario: { type: 'string' },
  id: { type: 'string' },
  title: { type: 'string' },
  description: { type: 'string' },
  fact: { type: 'string' },
  reason: { type: 'string' },
  year: { type: 'string' },
  status: { type: 'string' },
  'as-of': { type: 'string' },
  'as-of-date': { type: 'string' },
  all: { type: 'boolean' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 1);
  const action = positionals[0] as (typeof ACTIONS)[number] | undefined;
  if (action === undefined || !ACTIONS.includes(action)) throw new UsageError(`socle scenarios prend ${ACTIONS.join(', ')}`);
  const programmeId = values.programme;
  if (!programmeId) throw new UsageError('socle scenarios demande --programme ID');
  const need = (name: keyof typeof values) => {
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`socle scenarios ${action} demande --${name}`);
    return value;
  };
  const year = integerOption('year', values.year, 1900, 2200);
  const asOf = integerOption('as-of', values['as-of'], 0, Number.MAX_SAFE_INTEGER);
  if (values.status !== undefined && values.status !== 'planned' && values.status !== 'actual') throw new UsageError(`--status prend planned ou actual, pas « ${values.status} »`);
  const fact = action === 'fact' ? parseFact(need('fact')) : undefined;
  if (action === 'edit' && values.title === undefined && values.description === undefined) throw new UsageError(messages.scenarioEditNeedsChange);
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const socle = await Socle.open({ dataDir });
  try {
    if (action === 'show' || action === 'export') {
      await socle.caughtUpTo((await socle.store.head()).position);
      const asked = await socle.positionAsked(programmeId, { asOf, asOfDate: values['as-of-date'] });
      const comparison = await compareScenarios(socle, programmeId, { status: values.status ?? 'planned', ...(year !== undefined && { year }), ...(asked.asOf !== undefined && { asOf: asked.asOf }), includeArchived: values.all === true });
      if (action === 'export') {
        const out = values.out ?? `scenarios-${programmeId}.xlsx`;
        await writeScenariosWorkbook(comparison, out, provenanceOptions(dataDir));
        console.log(`écrit ${out} (position ${comparison.asOf.position}, empreinte ${comparison.asOf.headHash})`);
      } else console.log(values.json ? JSON.stringify(comparison, null, 2) : comparisonInWords(comparison).join('\n'));
      return 0;
    }
    const scenarioId = action === 'draft' ? need('id') : need('scenario');
    const written = await write(socle, action, programmeId, scenarioId, { need, values, asOf, fact });
    console.log(written === null ? 'déjà enregistré : rien d’écrit' : `scénario ${scenarioId} : ${action} écrit (événement ${written})`);
    return 0;
  } finally {
    await socle.close();
  }
}

type Need = (name: keyof typeof OPTIONS) => string;
type Written = { title?: string | undefined; description?: string | undefined; 'as-of-date'?: string | undefined };

async function write(socle: Socle, action: Exclude<(typeof ACTIONS)[number], 'show' | 'export'>, programmeId: string, scenarioId: string, o: { need: Need; values: Written; asOf: number | undefined; fact: ScenarioFact | undefined }): Promise<number | null> {
  const description = o.values.description !== undefined ? { description: o.values.description } : {};
  const target = { programmeId, scenarioId };
  const handle = async (command: ScenarioCommand) => (await socle.commands.handleScenario(command, CLI_ACTOR)).position;
  switch (action) {
    case 'draft':
      return (await draftScenario(socle, { ...target, title: o.need('title'), ...description, asOf: o.asOf, asOfDate: o.values['as-of-date'] }, CLI_ACTOR)).position;
    case 'edit':
      return handle({ type: 'EditScenario', ...target, ...(await editBody(socle, programmeId, scenarioId, o.values)) });
    case 'fact':
      return handle({ type: 'AddScenarioFact', ...target, factId: o.need('id'), fact: o.fact! });
    case 'remove-fact': {
      const { reason } = parseSpec(ScenarioReasonBody, { reason: o.need('reason') });
      return handle({ type: 'RemoveScenarioFact', ...target, factId: o.need('fact'), reason });
    }
    case 'copy':
      return handle({ type: 'CopyScenario', programmeId, scenarioId: o.need('id'), fromScenarioId: scenarioId, title: o.need('title'), ...description });
    case 'archive':
      return handle({ type: 'ArchiveScenario', ...target, reason: o.need('reason') });
  }
}

/**
 * The edit's whole body (the command, as the API's, sets both): what is not given stays as the
 * scenario has it at the head, and an empty --description clears it. Unknown programme or
 * scenario is refused here, with the decider's words, since there is nothing to keep from.
 */
async function editBody(socle: Socle, programmeId: string, scenarioId: string, values: Written): Promise<{ title: string; description?: string }> {
  if (!(await socle.commands.programme(programmeId)).state.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  const current = (await scenarioBookAt(socle.store, programmeId, (await socle.store.head()).position)).scenarios.get(scenarioId);
  if (!current) throw new NotFoundError(SCENARIO_FR.unknownScenario(scenarioId));
  const description = values.description ?? current.description;
  return parseSpec(ScenarioEditBody, { title: values.title ?? current.title, ...(description !== undefined && description !== '' && { description }) });
}

function parseFact(text: string): ScenarioFact {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--fact attend une hypothèse en JSON, p. ex. {"kind":"drop-partner","partnerId":"caf"} ; reçu « ${text.slice(0, 80)} »`);
  }
  return parseSpec(ScenarioFact, json);
}

/** The comparison in lines: the real plan, then each scenario with its difference and its funding gap. */
export function comparisonInWords(c: ScenarioComparison): string[] {
  const signed = (amount: string) => (amount.startsWith('-') ? `−${frenchEuros(amount.slice(1))}` : `+${frenchEuros(amount)}`);
  const scope = `${c.scope.status === 'planned' ? 'prévu' : 'réalisé'}, ${c.scope.year !== undefined ? `année ${c.scope.year}` : 'toutes années'}`;
  const lines = [`${c.programmeName} — scénarios (${scope}), position ${c.asOf.position}`];
  lines.push(`  Plan réel : total ${frenchEuros(c.real.total)}, besoin de financement ${frenchEuros(c.real.funding.fundingGap)}`);
  for (const s of c.scenarios) {
    const archived = s.archived ? ' (archivé)' : '';
    lines.push(`  « ${s.title} »${archived} : total ${frenchEuros(s.figures.total)} (${signed(s.difference.total)}), besoin de financement ${frenchEuros(s.figures.funding.fundingGap)} (${signed(s.difference.funding.fundingGap)}), ${s.facts.length} hypothèse(s) sur la position ${s.base.position}`);
    for (const note of s.notes) lines.push(`    ${note}`);
  }
  if (c.scenarios.length === 0) lines.push('  aucun scénario');
  return lines;
}
