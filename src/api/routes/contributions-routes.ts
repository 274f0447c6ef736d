// Contributions: record (idempotent by client id), correct, withdraw, validate, reject; list and detail.
// Partner scoping: a partner records, corrects and withdraws only its own contributions and sees only
// its own rows; another partner's contribution is, to a partner, the same 404 as an unknown id, for
// reads and writes alike (the command side answers so too), so that no answer says an id is taken.
import type { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../app/socle.ts';
import type { ContributionCommand } from '../../domain/contribution/decider.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ContributionCommandResult, LoadedProgramme } from '../../app/commands.ts';
import type { ContributionState } from '../../domain/contribution/state.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { requireProgrammeAccess, requireSees } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { API_FR, DOMAIN_FR } from '../../messages/fr.ts';
import { askedPosition, ledgerAsOf, POSITION_HEADER, withAsked, writtenAt } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { findContribution } from '../../read-model/find-contribution.ts';
import type { Answer, Handler } from '../route-context.ts';
import type {
  ContributionBody,
  ContributionQuery,
  ContributionReadQuery,
  ContributionParams,
  ContributionsQuery,
  CorrectionBody,
  NoQuery,
  ProgrammeParams,
  RejectionBody,
  ValidationBody,
  WithdrawalBody,
} from '../schemas.ts';
import { asOfJson, contributionJson } from '../views.ts';

type Step<B> = Handler<typeof ContributionParams, typeof ContributionQuery, B>;

export const correctContribution: Step<typeof CorrectionBody> = async ({ socle, actor, params: { p, c }, query: { partnerId }, body }) => {
  const programme = await requireProgrammeAccess(socle, actor, p);
  const { expectedVersion, reason, id, ...content } = body();
  if (id !== undefined && id !== c) throw new HttpProblem(400, API_FR.otherContribution, [{ path: 'id', message: API_FR.mustBe(c) }]);
  return command(socle, actor, { type: 'CorrectContribution', programmeId: p, contributionId: c, reason, content, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
};

export const withdrawContribution: Step<typeof WithdrawalBody> = async ({ socle, actor, params: { p, c }, query: { partnerId }, body }) => {
  const programme = await requireProgrammeAccess(socle, actor, p);
  const { expectedVersion, reason } = body();
  return command(socle, actor, { type: 'WithdrawContribution', programmeId: p, contributionId: c, reason, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
};

export const validateContribution: Step<typeof ValidationBody> = async ({ socle, actor, params: { p, c }, query: { partnerId }, body }) => {
  const programme = await requireProgrammeAccess(socle, actor, p);
  const { expectedVersion } = body();
  return command(socle, actor, { type: 'ValidateContribution', programmeId: p, contributionId: c, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
};

export const rejectContribution: Step<typeof RejectionBody> = async ({ socle, actor, params: { p, c }, query: { partnerId }, body }) => {
  const programme = await requireProgrammeAccess(socle, actor, p);
  const { expectedVersion, reason } = body();
  return command(socle, actor, { type: 'RejectContribution', programmeId: p, contributionId: c, reason, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
};

/** GET /:p/contributions/:c: one contribution, its value and its history (a partner: its own). */
export const contributionDetail: Handler<typeof ContributionParams, typeof ContributionReadQuery> = async ({ socle, actor, params: { p, c }, query }) => {
  const { partnerId: asked, ...at } = query;
  await requireProgrammeAccess(socle, actor, p);
  const { asOf, date } = await askedPosition(socle, actor, p, at);
  if (asked !== undefined) requireSees(actor, asked);
  const read = actor.role === 'partner' ? await partnerRead(socle, actor.partnerId!, p, asOf) : undefined;
  const ledger = read?.version ?? (await ledgerAsOf(socle, asOf));
  const programme = requireProgramme(ledger.state, p);
  // A partner finds only its own: another partner's contribution is, to it, the same 404 as an id
  // nobody took (its identity holds the partner, events.ts).
  const view = findContribution(ledger.state, programme, c, actor.role === 'partner' ? actor.partnerId : asked);
  if (!view) throw new NotFoundError(DOMAIN_FR.unknownContribution(c, p));
  const stamp = read?.stamp ?? withAsked(asOfJson(ledger), date);
  const history = await socle.contributionHistory(view.key, stamp.position);
  return { status: 200, body: { ...contributionJson(view, history), asOf: stamp } };
};

/** GET /:p/contributions: a page of the programme's contributions matching the filters (a partner: its own). */
export const listContributions: Handler<typeof ProgrammeParams, typeof ContributionsQuery> = async ({ socle, actor, params: { p }, query }) => {
  await requireProgrammeAccess(socle, actor, p);
  if (query.partnerId !== undefined) requireSees(actor, query.partnerId);
  const partnerId = actor.role === 'partner' ? actor.partnerId : query.partnerId;
  const { asOf, date } = await askedPosition(socle, actor, p, query);
  // A partner reads at the positions it may be shown, stamped so (partner-read.ts).
  const read = actor.role === 'partner' ? await partnerRead(socle, actor.partnerId!, p, asOf) : undefined;
  const ledger = read?.version ?? (await ledgerAsOf(socle, asOf));
  const programme = requireProgramme(ledger.state, p);
  const matching = [];
  for (const key of programme.contributionIds) {
    const view = ledger.state.contributions.get(key)!;
    const c = view.content;
    if (partnerId !== undefined && c.partnerId !== partnerId) continue;
    if (query.actionId !== undefined && c.actionId !== query.actionId) continue;
    if (query.siteId !== undefined && c.siteId !== query.siteId) continue;
    if (query.kind !== undefined && c.kind !== query.kind) continue;
    if (query.status !== undefined && c.status !== query.status) continue;
    if (query.review !== undefined && view.review !== query.review) continue;
    if (query.year !== undefined && Number(c.date.slice(0, 4)) !== query.year) continue;
    matching.push(view);
  }
  const body = {
    programmeId: p,
    asOf: read?.stamp ?? withAsked(asOfJson(ledger), date),
    total: matching.length,
    offset: query.offset,
    limit: query.limit,
    contributions: matching.slice(query.offset, query.offset + query.limit).map((v) => contributionJson(v)),
  };
  return { status: 200, body };
};

type CommandAnswer = { id: string; version: number; value: string | null; review: ContributionState['review'] };

/**
 * POST /:p/contributions: records a contribution, once the caller's role has passed (coordinator or
 * partner). The express route and the fast path (fast-record.ts) both run this very handler, so
 * that both decide and fail alike. Idempotent by the client's id: the same request again gets the
 * same answer, whether this call wrote the event or found it stored.
 */
export const recordContribution: Handler<typeof ProgrammeParams, typeof NoQuery, typeof ContributionBody> = async ({ socle, actor, params: { p }, body }) => {
  const programme = await requireProgrammeAccess(socle, actor, p);
  const { id, ...content } = body();
  const command: ContributionCommand = { type: 'RecordContribution', programmeId: p, contributionId: id, content };
  // A concurrent record of the same id is decided again by the handler (commands.ts).
  const result = await socle.commands.handleContribution(command, actor, undefined, programme);
  const position = await writtenAt(socle, actor, p, result.position);
  // The location's ids passed IdSchema: res.location (express) and the fast path's setHeader send it alike.
  return { status: 201, headers: { [POSITION_HEADER]: String(position), Location: `/api/programmes/${result.state.programmeId}/contributions/${result.id}` }, body: answerOf(result) };
};

/**
 * Corrections, withdrawals, validations, rejections: 200 with the new version; a stale expectedVersion
 * is a 409. Programme access is checked before the body is read: who asks comes before what is asked.
 */
async function command(socle: Socle, actor: Actor, command: ContributionCommand, expectedVersion: number, programme: LoadedProgramme): Promise<Answer> {
  const result = await socle.commands.handleContribution(command, actor, expectedVersion, programme);
  const position = await writtenAt(socle, actor, command.programmeId, result.position);
  return { status: 200, headers: { [POSITION_HEADER]: String(position) }, body: answerOf(result) };
}

function answerOf(result: ContributionCommandResult): CommandAnswer {
  return { id: result.id, version: result.version, value: result.value, review: result.state.review };
}
