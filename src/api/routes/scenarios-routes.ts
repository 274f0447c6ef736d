// What-if scenarios (issue 16), mounted under /api/programmes/:p. The coordinator alone drafts,
// copies, edits and archives scenarios and adds or removes their facts (the decider refuses the
// others: scenario/decider.ts); the coordinator, the treasurer and the auditor read them side by
// side with the real plan. A partner is refused both: a scenario shows every partner's figures,
// and what a partner sees of the others is the published figures only.
import { Router, type Request, type Response } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenariosWorkbook } from '../../exports/scenarios-workbook.ts';
import { XLSX_TYPE } from '../route-table.ts';
import type { Socle } from '../../app/socle.ts';
import { compareScenarios, draftScenario } from '../../app/scenarios.ts';
import type { ScenarioCommand } from '../../domain/scenario/decider.ts';
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { checkAsOf, POSITION_HEADER, writtenAt } from '../read.ts';
import { NoQuery, ProgrammeParams, parseRequest } from '../schemas.ts';
import { ScenarioBody, ScenarioCopyBody, ScenarioEditBody, ScenarioFactBody, ScenarioFactParams, ScenarioParams, ScenarioReasonBody, ScenariosQuery } from '../scenario-schemas.ts';
import type { ProgrammeCommandResult } from '../../app/commands.ts';

export function scenariosRouter({ socle }: { socle: Socle }): Router {
  const router = Router({ mergeParams: true });
  const coordinator = allow('coordinator');

  const answer = async (res: Response, p: string, id: string, result: ProgrammeCommandResult, status: 200 | 201, extra: object = {}) => {
    res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), p, result.position)));
    res.status(status).json({ id, position: result.position, ...extra });
  };
  const command = (res: Response, scenarioCommand: ScenarioCommand) => socle.commands.handleScenario(scenarioCommand, actorOf(res));

  router.post('/scenarios', coordinator, async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { id, asOf, ...body } = parseRequest(ScenarioBody, req.body);
    if (asOf !== undefined) await checkAsOf(socle, asOf);
    const result = await draftScenario(socle, { programmeId: p, scenarioId: id, ...body, asOf }, actorOf(res));
    res.location(`/api/programmes/${p}/scenarios?scenario=${id}`);
    await answer(res, p, id, result, 201, { basePosition: result.basePosition, baseHeadHash: result.baseHeadHash });
  });

  router.post('/scenarios/:s/copies', coordinator, async (req, res) => {
    const { p, s } = parseRequest(ScenarioParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { id, ...body } = parseRequest(ScenarioCopyBody, req.body);
    await answer(res, p, id, await command(res, { type: 'CopyScenario', programmeId: p, scenarioId: id, fromScenarioId: s, ...body }), 201);
  });

  router.post('/scenarios/:s/edits', coordinator, async (req, res) => {
    const { p, s } = parseRequest(ScenarioParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(ScenarioEditBody, req.body);
    await answer(res, p, s, await command(res, { type: 'EditScenario', programmeId: p, scenarioId: s, ...body }), 200);
  });

  router.post('/scenarios/:s/facts', coordinator, async (req, res) => {
    const { p, s } = parseRequest(ScenarioParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { id, fact } = parseRequest(ScenarioFactBody, req.body);
    await answer(res, p, id, await command(res, { type: 'AddScenarioFact', programmeId: p, scenarioId: s, factId: id, fact }), 201);
  });

  router.post('/scenarios/:s/facts/:f/removal', coordinator, async (req, res) => {
    const { p, s, f } = parseRequest(ScenarioFactParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { reason } = parseRequest(ScenarioReasonBody, req.body);
    await answer(res, p, f, await command(res, { type: 'RemoveScenarioFact', programmeId: p, scenarioId: s, factId: f, reason }), 200);
  });

  router.post('/scenarios/:s/archive', coordinator, async (req, res) => {
    const { p, s } = parseRequest(ScenarioParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { reason } = parseRequest(ScenarioReasonBody, req.body);
    await answer(res, p, s, await command(res, { type: 'ArchiveScenario', programmeId: p, scenarioId: s, reason }), 200);
  });

  mountReads(router, socle);
  return router;
}

/** GET /scenarios and /scenarios.xlsx: the comparison, as JSON or as the workbook. */
function mountReads(router: Router, socle: Socle): void {
  const compared = async (req: Request, res: Response) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const { asOf, asOfDate, ...scope } = parseRequest(ScenariosQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    if (asOf !== undefined) await checkAsOf(socle, asOf);
    const asked = await socle.positionAsked(p, { asOf, asOfDate });
    const comparison = await compareScenarios(socle, p, { ...scope, ...(asked.asOf !== undefined && { asOf: asked.asOf }) });
    res.setHeader(POSITION_HEADER, String(comparison.asOf.position));
    return { comparison, date: asked.date };
  };

  router.get('/scenarios', allow('coordinator', 'treasurer', 'auditor'), async (req, res) => {
    const { comparison, date } = await compared(req, res);
    res.json({ ...comparison, asOf: { ...comparison.asOf, ...(date && { asked: { date: date.asked, instant: date.instant } }) } });
  });

  // The same comparison as a workbook (src/exports/scenarios-workbook.ts), written to a temporary folder and sent.
  router.get('/scenarios.xlsx', allow('coordinator', 'treasurer', 'auditor'), async (req, res) => {
    const { comparison } = await compared(req, res);
    const dir = mkdtempSync(join(tmpdir(), 'socle-scenarios-'));
    try {
      const fileName = `scenarios-${comparison.programmeId}.xlsx`;
      await writeScenariosWorkbook(comparison, join(dir, fileName));
      res.set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': `attachment; filename="${fileName}"`, 'X-Socle-Head-Hash': comparison.asOf.headHash });
      await new Promise<void>((resolve, reject) => res.sendFile(join(dir, fileName), { dotfiles: 'allow' }, (error) => (error ? reject(error) : resolve())));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
