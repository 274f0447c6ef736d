// The totals document of the contract, for every role: partners see collective totals too.
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { actorOf, requireProgrammeAccess } from '../auth.ts';
import { checkAsOf } from '../read.ts';
import { parseRequest, ProgrammeParams, TotalsQuery } from '../schemas.ts';

export function totalsRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.get('/:p/totals', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const { asOf, ...filters } = parseRequest(TotalsQuery, req.query, 'query');
    await requireProgrammeAccess(socle, actorOf(res), p);
    if (asOf !== undefined) await checkAsOf(socle, asOf);
    res.json(await socle.totals(p, filters, asOf));
  });

  return router;
}
