// Closings (issue 16), mounted under /api/programmes/:p: the coordinator closes a year, reopens it
// with a reason, and sets what a closed year accepts afterwards; the coordinator, the treasurer and
// the auditor read a closed year's account (the figures at the closing and the adjustments since).
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { closedAccount, closingsOf } from '../../app/closings.ts';
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { POSITION_HEADER, writtenAt } from '../read.ts';
import { ClosingBody, ClosingPolicyBody, NoQuery, ProgrammeParams, ReopeningBody, YearParams, parseRequest } from '../schemas.ts';

export function closingsRouter({ socle }: { socle: Socle }): Router {
  const router = Router({ mergeParams: true });
  const coordinator = allow('coordinator');

  router.post('/closings', coordinator, async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(ClosingBody, req.body);
    const result = await socle.commands.closePeriod({ programmeId: p, ...body }, actorOf(res));
    res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), p, result.position)));
    const closing = (await closingsOf(socle.store, p)).get(body.year)!;
    res.status(201).location(`/api/programmes/${p}/closings/${body.year}`).json({ year: body.year, reason: closing.reason, position: closing.position, headHash: closing.headHash });
  });

  router.post('/closings/:year/reopening', coordinator, async (req, res) => {
    const { p, year } = parseRequest(YearParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { reason } = parseRequest(ReopeningBody, req.body);
    const result = await socle.commands.handleProgramme({ type: 'ReopenPeriod', data: { programmeId: p, year, reason } }, actorOf(res));
    res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), p, result.position)));
    res.status(201).json({ year, reason });
  });

  router.post('/closing-policy', coordinator, async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const { policy } = parseRequest(ClosingPolicyBody, req.body);
    const result = await socle.commands.handleProgramme({ type: 'SetClosingPolicy', data: { programmeId: p, policy } }, actorOf(res));
    res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), p, result.position)));
    res.status(201).json({ policy });
  });

  router.get('/closings/:year', allow('coordinator', 'treasurer', 'auditor'), async (req, res) => {
    const { p, year } = parseRequest(YearParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    res.json(await closedAccount(socle, p, year));
  });

  return router;
}
