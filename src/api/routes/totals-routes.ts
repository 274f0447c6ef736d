// The totals document of the contract, for every role. A partner gets its own figures and the other
// partners' as one published line (docs/api.md, "Confidentialité").
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { closedTotals } from '../../app/closings.ts';
import { actorOf, requireProgrammeAccess } from '../auth.ts';
import { askedPosition, checkAsOf, withAsked } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { partnerTotalsDocument } from '../../reports/partner-view.ts';
import { parseRequest, ProgrammeParams, TotalsQuery } from '../schemas.ts';
import { defined, parseSpec, totalsFiltersOf, TotalsSpec } from '../../reports/report-specs.ts';

export function totalsRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.get('/:p/totals', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const spec = parseSpec(TotalsSpec, defined(parseRequest(TotalsQuery, req.query, 'query')));
    const filters = totalsFiltersOf(spec);
    const actor = actorOf(res);
    await requireProgrammeAccess(socle, actor, p);
    const { asOf, date } = await askedPosition(socle, actor, p, spec);
    if (actor.role === 'partner') {
      // Its own figures live, the others' as one published line (src/reports/partner-view.ts).
      const read = await partnerRead(socle, actor.partnerId!, p, asOf);
      res.json(partnerTotalsDocument(read.programme, read.published, actor.partnerId!, filters, read.stamp));
      return;
    }
    if (asOf !== undefined) await checkAsOf(socle, asOf);
    // A closed year asked without a stamp answers its closed figures (issue 16), the live total and
    // the adjustments beside them, as GET /closings/:year does; its asOf is the closing's position.
    const closed = asOf === undefined ? await closedTotals(socle, p, filters) : undefined;
    if (closed) {
      res.json(closed);
      return;
    }
    const document = await socle.totals(p, filters, asOf);
    res.json({ ...document, asOf: withAsked(document.asOf, date) });
  });

  return router;
}
