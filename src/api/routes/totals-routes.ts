// The totals document of the contract, for every role. A partner gets its own figures and the other
// partners' as one published line (docs/api.md, "Confidentialité").
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { actorOf, requireProgrammeAccess } from '../auth.ts';
import { checkAsOf } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { partnerTotalsDocument } from '../../reports/partner-view.ts';
import { parseRequest, ProgrammeParams, TotalsQuery } from '../schemas.ts';
import { defined, parseSpec, totalsFiltersOf, TotalsSpec } from '../../reports/report-specs.ts';

export function totalsRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.get('/:p/totals', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const { asOf, ...spec } = parseSpec(TotalsSpec, defined(parseRequest(TotalsQuery, req.query, 'query')));
    const filters = totalsFiltersOf(spec);
    const actor = actorOf(res);
    await requireProgrammeAccess(socle, actor, p);
    if (actor.role === 'partner') {
      // Its own figures live, the others' as one published line (src/reports/partner-view.ts).
      const read = await partnerRead(socle, actor.partnerId!, p, asOf);
      res.json(partnerTotalsDocument(read.programme, read.published, actor.partnerId!, filters, read.stamp));
      return;
    }
    if (asOf !== undefined) await checkAsOf(socle, asOf);
    res.json(await socle.totals(p, filters, asOf));
  });

  return router;
}
