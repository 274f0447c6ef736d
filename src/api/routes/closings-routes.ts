// Closings (issue 16): the coordinator closes a year, reopens it with a reason, and sets what a
// closed year accepts afterwards; the coordinator, the treasurer and the auditor read a closed
// year's account (the figures at the closing and the adjustments since). Roles: the route table.
import { closedAccount, closingsOf } from '../../app/closings.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { POSITION_HEADER, writtenAt } from '../read.ts';
import type { Handler } from '../route-context.ts';
import type { ClosingBody, ClosingPolicyBody, NoQuery, ProgrammeParams, ReopeningBody, YearParams } from '../schemas.ts';

export const closeYear: Handler<typeof ProgrammeParams, typeof NoQuery, typeof ClosingBody> = async ({ socle, actor, params: { p }, body }) => {
  const asked = body();
  const result = await socle.commands.closePeriod({ programmeId: p, ...asked }, actor);
  const position = await writtenAt(socle, actor, p, result.position);
  const closing = (await closingsOf(socle.store, p)).get(asked.year)!;
  return {
    status: 201,
    headers: { [POSITION_HEADER]: String(position), Location: `/api/programmes/${p}/closings/${asked.year}` },
    body: { year: asked.year, reason: closing.reason, position: closing.position, headHash: closing.headHash },
  };
};

export const reopenYear: Handler<typeof YearParams, typeof NoQuery, typeof ReopeningBody> = async ({ socle, actor, params: { p, year }, body }) => {
  const { reason } = body();
  const result = await socle.commands.handleProgramme({ type: 'ReopenPeriod', data: { programmeId: p, year, reason } }, actor);
  return { status: 201, headers: { [POSITION_HEADER]: String(await writtenAt(socle, actor, p, result.position)) }, body: { year, reason } };
};

export const setClosingPolicy: Handler<typeof ProgrammeParams, typeof NoQuery, typeof ClosingPolicyBody> = async ({ socle, actor, params: { p }, body }) => {
  const { policy } = body();
  const result = await socle.commands.handleProgramme({ type: 'SetClosingPolicy', data: { programmeId: p, policy } }, actor);
  return { status: 201, headers: { [POSITION_HEADER]: String(await writtenAt(socle, actor, p, result.position)) }, body: { policy } };
};

export const closedYearAccount: Handler<typeof YearParams, typeof NoQuery> = async ({ socle, actor, params: { p, year } }) => {
  await requireProgrammeAccess(socle, actor, p);
  return { status: 200, body: await closedAccount(socle, p, year) };
};
