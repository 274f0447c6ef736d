// The totals document of the contract, for every role. A partner gets its own figures and the other
// partners' as one published line (docs/api.md, "Confidentialité").
import { closedTotals } from '../../app/closings.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { askedPosition, checkAsOf, withAsked } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { partnerTotalsDocument } from '../../reports/partner-view.ts';
import type { Handler } from '../route-context.ts';
import type { ProgrammeParams, TotalsQuery } from '../schemas.ts';
import { defined, parseSpec, totalsFiltersOf, TotalsSpec } from '../../reports/report-specs.ts';

export const totals: Handler<typeof ProgrammeParams, typeof TotalsQuery> = async ({ socle, actor, params: { p }, query }) => {
  const spec = parseSpec(TotalsSpec, defined(query));
  const filters = totalsFiltersOf(spec);
  await requireProgrammeAccess(socle, actor, p);
  const { asOf, date } = await askedPosition(socle, actor, p, spec);
  if (actor.role === 'partner') {
    // Its own figures live, the others' as one published line (src/reports/partner-view.ts).
    const read = await partnerRead(socle, actor.partnerId!, p, asOf);
    return { status: 200, body: partnerTotalsDocument(read.programme, read.published, actor.partnerId!, filters, read.stamp) };
  }
  if (asOf !== undefined) await checkAsOf(socle, asOf);
  // A closed year asked without a stamp answers its closed figures (issue 16), the live total and
  // the adjustments beside them, as GET /closings/:year does; its asOf is the closing's position.
  const closed = asOf === undefined ? await closedTotals(socle, p, filters) : undefined;
  if (closed) return { status: 200, body: closed };
  const document = await socle.totals(p, filters, asOf);
  return { status: 200, body: { ...document, asOf: withAsked(document.asOf, date) } };
};
