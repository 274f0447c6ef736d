// GET /api/programmes/:p/diff?from=POS|DATE&to=POS|DATE: what changed between two stamps, for the
// coordinator, the treasurer and the auditor (an auditor holding a dossier stamped P asks
// ?from=P). A partner is refused: the events listed are every partner's.
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { diffLedger } from '../../app/ledger-diff.ts';
import { DiffSpec, defined, parseSpec } from '../../reports/report-specs.ts';
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { checkAsOf } from '../read.ts';
import { DiffQuery, ProgrammeParams, parseRequest } from '../schemas.ts';

export function diffRouter({ socle }: { socle: Socle }): Router {
  const router = Router({ mergeParams: true });
  router.get('/diff', allow('coordinator', 'treasurer', 'auditor'), async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const spec = parseSpec(DiffSpec, defined(parseRequest(DiffQuery, req.query, 'query')));
    await requireProgrammeAccess(socle, actorOf(res), p);
    // A position beyond the head is the API's 400 (read.ts), before any replay.
    for (const stamp of [spec.from, spec.to]) if (stamp !== undefined && /^\d+$/.test(stamp)) await checkAsOf(socle, Number(stamp));
    res.json(await diffLedger(socle, p, spec));
  });
  return router;
}
