// GET /api/programmes/:p/diff?from=POS|DATE&to=POS|DATE: what changed between two stamps, for the
// coordinator, the treasurer and the auditor (an auditor holding a dossier stamped P asks
// ?from=P). A partner is refused (the table's roles): the events listed are every partner's.
import { diffLedger } from '../../app/ledger-diff.ts';
import { DiffSpec, defined, parseSpec } from '../../reports/report-specs.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { checkAsOf } from '../read.ts';
import type { Handler } from '../route-context.ts';
import type { DiffQuery, ProgrammeParams } from '../schemas.ts';

export const diff: Handler<typeof ProgrammeParams, typeof DiffQuery> = async ({ socle, actor, params: { p }, query }) => {
  const spec = parseSpec(DiffSpec, defined(query));
  await requireProgrammeAccess(socle, actor, p);
  // A position beyond the head is the API's 400 (read.ts), before any replay.
  for (const stamp of [spec.from, spec.to]) if (stamp !== undefined && /^\d+$/.test(stamp)) await checkAsOf(socle, Number(stamp));
  return { status: 200, body: await diffLedger(socle, p, spec) };
};
