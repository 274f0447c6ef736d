// Contributions: record (idempotent by client id), correct, withdraw, validate, reject; list and detail.
// Partner scoping: a partner records, corrects and withdraws only its own contributions and sees only
// its own rows; another partner's contribution is, to a partner, the same 404 as an unknown id, for
// reads and writes alike (the command side answers so too), so that no answer says an id is taken.
import { Router, type RequestHandler, type Response } from 'express';
import type { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../app/socle.ts';
import type { ContributionCommand } from '../../domain/contribution/decider.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ContributionCommandResult, LoadedProgramme } from '../../app/commands.ts';
import type { ContributionState } from '../../domain/contribution/state.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { actorOf, allow, requireProgrammeAccess, requireSees } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { API_FR, DOMAIN_FR } from '../../messages/fr.ts';
import { askedPosition, ledgerAsOf, POSITION_HEADER, withAsked, writtenAt } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { findContribution } from '../../read-model/find-contribution.ts';
import {
  ContributionBody,
  ContributionQuery,
  ContributionReadQuery,
  ContributionParams,
  ContributionsQuery,
  CorrectionBody,
  NoQuery,
  parseRequest,
  ProgrammeParams,
  RejectionBody,
  ValidationBody,
  WithdrawalBody,
} from '../schemas.ts';
import { asOfJson, contributionJson } from '../views.ts';

export function contributionsRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.post('/:p/contributions', allow('coordinator', 'partner'), async (req, res) => {
    const recorded = await recordContribution(socle, actorOf(res), req.params, req.query, req.body);
    res.setHeader(POSITION_HEADER, String(recorded.position));
    res.location(recorded.location);
    res.status(201).json(recorded.body);
  });

  router.post('/:p/contributions/:c/corrections', allow('coordinator', 'partner'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    const { partnerId } = parseRequest(ContributionQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion, reason, id, ...content } = parseRequest(CorrectionBody, req.body);
    if (id !== undefined && id !== c) throw new HttpProblem(400, API_FR.otherContribution, [{ path: 'id', message: API_FR.mustBe(c) }]);
    await command(socle, res, { type: 'CorrectContribution', programmeId: p, contributionId: c, reason, content, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
  });

  router.post('/:p/contributions/:c/withdrawal', allow('coordinator', 'partner'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    const { partnerId } = parseRequest(ContributionQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion, reason } = parseRequest(WithdrawalBody, req.body);
    await command(socle, res, { type: 'WithdrawContribution', programmeId: p, contributionId: c, reason, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
  });

  router.post('/:p/contributions/:c/validation', allow('coordinator'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    const { partnerId } = parseRequest(ContributionQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion } = parseRequest(ValidationBody, req.body);
    await command(socle, res, { type: 'ValidateContribution', programmeId: p, contributionId: c, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
  });

  router.post('/:p/contributions/:c/rejection', allow('coordinator'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    const { partnerId } = parseRequest(ContributionQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion, reason } = parseRequest(RejectionBody, req.body);
    await command(socle, res, { type: 'RejectContribution', programmeId: p, contributionId: c, reason, ...(partnerId !== undefined && { partnerId }) }, expectedVersion, programme);
  });

  router.get('/:p/contributions', listContributions(socle));

  router.get('/:p/contributions/:c', async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    const { partnerId: asked, ...at } = parseRequest(ContributionReadQuery, req.query, 'query');
    const actor = actorOf(res);
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
    res.json({ ...contributionJson(view, history), asOf: stamp });
  });

  return router;
}

/** GET /:p/contributions: a page of the programme's contributions matching the filters (a partner: its own). */
function listContributions(socle: Socle): RequestHandler {
  return async (req, res) => {
  const { p } = parseRequest(ProgrammeParams, req.params, 'path');
  const query = parseRequest(ContributionsQuery, req.query, 'query');
  const actor = actorOf(res);
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
  res.json({
    programmeId: p,
    asOf: read?.stamp ?? withAsked(asOfJson(ledger), date),
    total: matching.length,
    offset: query.offset,
    limit: query.limit,
    contributions: matching.slice(query.offset, query.offset + query.limit).map((v) => contributionJson(v)),
  });
  };
}

/** What POST /:p/contributions answers (201) once the contribution is recorded. */
export interface Recorded {
  location: string;
  /** For the X-Socle-Position header (read.ts, writtenAt). */
  position: number;
  body: CommandAnswer;
}

type CommandAnswer = { id: string; version: number; value: string | null; review: ContributionState['review'] };

/**
 * Records a contribution: the route's work once the caller's role has passed (coordinator or
 * partner), shared by the express route and the fast path (fast-record.ts) so that both decide and
 * fail alike. Idempotent by the client's id: the same request again gets the same answer, whether
 * this call wrote the event or found it stored.
 */
export async function recordContribution(socle: Socle, actor: Actor, params: unknown, query: unknown, body: unknown): Promise<Recorded> {
  const { p } = parseRequest(ProgrammeParams, params, 'path');
  parseRequest(NoQuery, query, 'query');
  const programme = await requireProgrammeAccess(socle, actor, p);
  const { id, ...content } = parseRequest(ContributionBody, body);
  const command: ContributionCommand = { type: 'RecordContribution', programmeId: p, contributionId: id, content };
  // A concurrent record of the same id is decided again by the handler (commands.ts).
  const result = await socle.commands.handleContribution(command, actor, undefined, programme);
  const position = await writtenAt(socle, actor, p, result.position);
  return { location: `/api/programmes/${result.state.programmeId}/contributions/${result.id}`, position, body: answerOf(result) };
}

/**
 * Corrections, withdrawals, validations, rejections: 200 with the new version; a stale expectedVersion
 * is a 409. Programme access is checked before the body is read: who asks comes before what is asked.
 */
async function command(socle: Socle, res: Response, command: ContributionCommand, expectedVersion: number, programme: LoadedProgramme): Promise<void> {
  const result = await socle.commands.handleContribution(command, actorOf(res), expectedVersion, programme);
  res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), command.programmeId, result.position)));
  res.status(200).json(answerOf(result));
}

function answerOf(result: ContributionCommandResult): CommandAnswer {
  return { id: result.id, version: result.version, value: result.value, review: result.state.review };
}
