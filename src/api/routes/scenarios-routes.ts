// What-if scenarios (issue 16), mounted under /api/programmes/:p. The coordinator alone drafts,
// copies, edits and archives scenarios and adds or removes their facts (the decider refuses the
// others: scenario/decider.ts); the coordinator, the treasurer and the auditor read them side by
// side with the real plan. A partner is refused both: a scenario shows every partner's figures,
// and what a partner sees of the others is the published figures only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenariosWorkbook } from '../../exports/scenarios-workbook.ts';
import { XLSX_TYPE } from '../media-types.ts';
import type { Socle } from '../../app/socle.ts';
import { compareScenarios, draftScenario } from '../../app/scenarios.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ScenarioCommand } from '../../domain/scenario/decider.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { checkAsOf, POSITION_HEADER, writtenAt } from '../read.ts';
import type { NoQuery, ProgrammeParams } from '../schemas.ts';
import type { ScenarioBody, ScenarioCopyBody, ScenarioEditBody, ScenarioFactBody, ScenarioFactParams, ScenarioParams, ScenarioReasonBody, ScenariosQuery } from '../scenario-schemas.ts';
import type { ProgrammeCommandResult } from '../../app/commands.ts';
import type { Answer, Handler, RouteContext } from '../route-context.ts';

/** A write's answer: the id it names and its position; headers before it (a draft's Location) first. */
async function answer(socle: Socle, actor: Actor, p: string, id: string, result: ProgrammeCommandResult, status: 200 | 201, extra: object = {}, before: Record<string, string> = {}): Promise<Answer> {
  const position = await writtenAt(socle, actor, p, result.position);
  return { status, headers: { ...before, [POSITION_HEADER]: String(position) }, body: { id, position: result.position, ...extra } };
}

type Write<P, B> = Handler<P, typeof NoQuery, B>;

export const draft: Write<typeof ProgrammeParams, typeof ScenarioBody> = async ({ socle, actor, params: { p }, body }) => {
  const { id, asOf, ...rest } = body();
  if (asOf !== undefined) await checkAsOf(socle, asOf);
  const result = await draftScenario(socle, { programmeId: p, scenarioId: id, ...rest, asOf }, actor);
  const extra = { basePosition: result.basePosition, baseHeadHash: result.baseHeadHash };
  return answer(socle, actor, p, id, result, 201, extra, { Location: `/api/programmes/${p}/scenarios?scenario=${id}` });
};

const run = (socle: Socle, actor: Actor, command: ScenarioCommand) => socle.commands.handleScenario(command, actor);

export const copy: Write<typeof ScenarioParams, typeof ScenarioCopyBody> = async ({ socle, actor, params: { p, s }, body }) => {
  const { id, ...rest } = body();
  return answer(socle, actor, p, id, await run(socle, actor, { type: 'CopyScenario', programmeId: p, scenarioId: id, fromScenarioId: s, ...rest }), 201);
};

export const edit: Write<typeof ScenarioParams, typeof ScenarioEditBody> = async ({ socle, actor, params: { p, s }, body }) =>
  answer(socle, actor, p, s, await run(socle, actor, { type: 'EditScenario', programmeId: p, scenarioId: s, ...body() }), 200);

export const addFact: Write<typeof ScenarioParams, typeof ScenarioFactBody> = async ({ socle, actor, params: { p, s }, body }) => {
  const { id, fact } = body();
  return answer(socle, actor, p, id, await run(socle, actor, { type: 'AddScenarioFact', programmeId: p, scenarioId: s, factId: id, fact }), 201);
};

export const removeFact: Write<typeof ScenarioFactParams, typeof ScenarioReasonBody> = async ({ socle, actor, params: { p, s, f }, body }) => {
  const { reason } = body();
  return answer(socle, actor, p, f, await run(socle, actor, { type: 'RemoveScenarioFact', programmeId: p, scenarioId: s, factId: f, reason }), 200);
};

export const archive: Write<typeof ScenarioParams, typeof ScenarioReasonBody> = async ({ socle, actor, params: { p, s }, body }) => {
  const { reason } = body();
  return answer(socle, actor, p, s, await run(socle, actor, { type: 'ArchiveScenario', programmeId: p, scenarioId: s, reason }), 200);
};

type Read = RouteContext<typeof ProgrammeParams, typeof ScenariosQuery>;

/** The comparison GET /scenarios and /scenarios.xlsx answer, at the position asked. */
async function compared({ socle, actor, params: { p }, query }: Read) {
  const { asOf, asOfDate, ...scope } = query;
  await requireProgrammeAccess(socle, actor, p);
  if (asOf !== undefined) await checkAsOf(socle, asOf);
  const asked = await socle.positionAsked(p, { asOf, asOfDate });
  const comparison = await compareScenarios(socle, p, { ...scope, ...(asked.asOf !== undefined && { asOf: asked.asOf }) });
  return { comparison, date: asked.date };
}

export const comparison: Handler<typeof ProgrammeParams, typeof ScenariosQuery> = async (ctx) => {
  const { comparison, date } = await compared(ctx);
  const body = { ...comparison, asOf: { ...comparison.asOf, ...(date && { asked: { date: date.asked, instant: date.instant } }) } };
  return { status: 200, headers: { [POSITION_HEADER]: String(comparison.asOf.position) }, body };
};

// The same comparison as a workbook (src/exports/scenarios-workbook.ts), written to a temporary folder and sent.
export const comparisonWorkbook: Handler<typeof ProgrammeParams, typeof ScenariosQuery> = async (ctx) => {
  const { comparison } = await compared(ctx);
  const res = ctx.res;
  res.setHeader(POSITION_HEADER, String(comparison.asOf.position));
  const dir = mkdtempSync(join(tmpdir(), 'socle-scenarios-'));
  try {
    const fileName = `scenarios-${comparison.programmeId}.xlsx`;
    await writeScenariosWorkbook(comparison, join(dir, fileName));
    res.set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': `attachment; filename="${fileName}"`, 'X-Socle-Head-Hash': comparison.asOf.headHash });
    await new Promise<void>((resolve, reject) => res.sendFile(join(dir, fileName), { dotfiles: 'allow' }, (error) => (error ? reject(error) : resolve())));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
