// Contributions: record (idempotent by client id), correct, withdraw, validate, reject; list and detail.
// Partner scoping: a partner records, corrects and withdraws only its own contributions and sees only
// its own rows; another partner's contribution is a 403 (not a 404), the same answer for reads and
// writes, since the command side refuses writes with 403 too.
import { Router, type Response } from 'express';
import type { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../app/socle.ts';
import type { ContributionCommand } from '../../domain/contribution/decider.ts';
import type { Actor } from '../../app/actor.ts';
import type { ContributionCommandResult, LoadedProgramme } from '../../app/commands.ts';
import type { ContributionState } from '../../domain/contribution/state.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { VersionConflictError } from '../../store/port.ts';
import { actorOf, allow, requireProgrammeAccess, requireSees } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { API_FR, DOMAIN_FR } from '../../messages/fr.ts';
import { ledgerAsOf, readYourWrites } from '../read.ts';
import {
  AsOfQuery,
  ContributionBody,
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

/** Two first recordings of one id can race; the loser reads again and finds the same (or other) content. */
const RECORD_ATTEMPTS = 3;

export function contributionsRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.post('/:p/contributions', allow('coordinator', 'partner'), async (req, res) => {
    const recorded = await recordContribution(socle, actorOf(res), req.params, req.query, req.body);
    res.location(recorded.location);
    res.status(201).json(recorded.body);
  });

  router.post('/:p/contributions/:c/corrections', allow('coordinator', 'partner'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion, reason, id, ...content } = parseRequest(CorrectionBody, req.body);
    if (id !== undefined && id !== c) throw new HttpProblem(400, API_FR.otherContribution, [{ path: 'id', message: API_FR.mustBe(c) }]);
    await command(socle, res, { type: 'CorrectContribution', programmeId: p, contributionId: c, reason, content }, expectedVersion, programme);
  });

  router.post('/:p/contributions/:c/withdrawal', allow('coordinator', 'partner'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion, reason } = parseRequest(WithdrawalBody, req.body);
    await command(socle, res, { type: 'WithdrawContribution', programmeId: p, contributionId: c, reason }, expectedVersion, programme);
  });

  router.post('/:p/contributions/:c/validation', allow('coordinator'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion } = parseRequest(ValidationBody, req.body);
    await command(socle, res, { type: 'ValidateContribution', programmeId: p, contributionId: c }, expectedVersion, programme);
  });

  router.post('/:p/contributions/:c/rejection', allow('coordinator'), async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const programme = await requireProgrammeAccess(socle, actorOf(res), p);
    const { expectedVersion, reason } = parseRequest(RejectionBody, req.body);
    await command(socle, res, { type: 'RejectContribution', programmeId: p, contributionId: c, reason }, expectedVersion, programme);
  });

  router.get('/:p/contributions', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const query = parseRequest(ContributionsQuery, req.query, 'query');
    const actor = actorOf(res);
    await requireProgrammeAccess(socle, actor, p);
    if (query.partnerId !== undefined) requireSees(actor, query.partnerId);
    const partnerId = actor.role === 'partner' ? actor.partnerId : query.partnerId;
    const ledger = await ledgerAsOf(socle, query.asOf);
    const programme = requireProgramme(ledger.state, p);
    const matching = [];
    for (const contributionId of programme.contributionIds) {
      const view = ledger.state.contributions.get(contributionId)!;
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
      asOf: asOfJson(ledger),
      total: matching.length,
      offset: query.offset,
      limit: query.limit,
      contributions: matching.slice(query.offset, query.offset + query.limit).map((v) => contributionJson(v)),
    });
  });

  router.get('/:p/contributions/:c', async (req, res) => {
    const { p, c } = parseRequest(ContributionParams, req.params, 'path');
    const { asOf } = parseRequest(AsOfQuery, req.query, 'query');
    const actor = actorOf(res);
    await requireProgrammeAccess(socle, actor, p);
    const ledger = await ledgerAsOf(socle, asOf);
    requireProgramme(ledger.state, p);
    const view = ledger.state.contributions.get(c);
    if (!view || view.programmeId !== p) throw new NotFoundError(DOMAIN_FR.unknownContribution(c, p));
    requireSees(actor, view.content.partnerId);
    const history = await socle.contributionHistory(c, ledger.position);
    res.json({ ...contributionJson(view, history), asOf: asOfJson(ledger) });
  });

  return router;
}

/** What POST /:p/contributions answers (201) once the contribution is recorded. */
export interface Recorded {
  location: string;
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
  let result: ContributionCommandResult;
  for (let attempt = 1; ; attempt++) {
    try {
      result = await socle.commands.handleContribution(command, actor, undefined, programme);
      break;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= RECORD_ATTEMPTS) throw error;
    }
  }
  await readYourWrites(socle, result.position);
  return { location: `/api/programmes/${result.state.programmeId}/contributions/${result.id}`, body: answerOf(result) };
}

/**
 * Corrections, withdrawals, validations, rejections: 200 with the new version; a stale expectedVersion
 * is a 409. Programme access is checked before the body is read: who asks comes before what is asked.
 */
async function command(socle: Socle, res: Response, command: ContributionCommand, expectedVersion: number, programme: LoadedProgramme): Promise<void> {
  const result = await socle.commands.handleContribution(command, actorOf(res), expectedVersion, programme);
  await readYourWrites(socle, result.position);
  res.status(200).json(answerOf(result));
}

function answerOf(result: ContributionCommandResult): CommandAnswer {
  return { id: result.id, version: result.version, value: result.value, review: result.state.review };
}
