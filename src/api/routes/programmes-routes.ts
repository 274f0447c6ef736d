// Programme set-up (coordinator writes) and its reads: the list of programmes and one programme's
// partners, axes, actions, sites and rates. Set-up requests are idempotent by id: the same request
// again answers the same 201 and writes nothing; the same id with other content is a 409.
import { Router, type RequestHandler, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../app/socle.ts';
import type { ProgrammeCommand } from '../../domain/programme/decider.ts';
import { actorOf, allow, requireProgrammeAccess } from '../auth.ts';
import { askedPosition, ledgerAsOf, POSITION_HEADER, withAsked, writtenAt } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { ownContributionIds, partnerPosition, ratesSeenBy } from '../../reports/partner-view.ts';
import {
  ActionBody,
  AsOfQuery,
  AxisBody,
  NoQuery,
  parseRequest,
  PartnerBody,
  ProgrammeBody,
  ProgrammeParams,
  PublicationBody,
  RateBody,
  SiteBody,
} from '../schemas.ts';
import { asOfJson, programmeJson, programmeSummaryJson } from '../views.ts';
import { ActionParams, ActionSheetBody } from '../action-sheet-schemas.ts';

export function programmesRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.get('/', listProgrammes(socle));

  router.post('/', allow('coordinator'), async (req, res) => {
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(ProgrammeBody, req.body);
    const { id, ...rest } = body;
    await setUp(socle, res, { type: 'OpenProgramme', data: { programmeId: id, ...rest } }, `/api/programmes/${id}`, body);
  });

  router.get('/:p', async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    const query = parseRequest(AsOfQuery, req.query, 'query');
    const actor = actorOf(res);
    await requireProgrammeAccess(socle, actor, p);
    const { asOf, date } = await askedPosition(socle, actor, p, query);
    if (actor.role === 'partner') {
      // Another partner's rates (its payroll cost, its basis) are its own business.
      const read = await partnerRead(socle, actor.partnerId!, p, asOf);
      res.json({ ...programmeJson(read.programme, ratesSeenBy(read.programme, actor.partnerId!)), asOf: read.stamp });
      return;
    }
    const ledger = await ledgerAsOf(socle, asOf);
    res.json({ ...programmeJson(requireProgramme(ledger.state, p)), asOf: withAsked(asOfJson(ledger), date) });
  });

  setUpRoute(router, socle, 'partners', PartnerBody, (programmeId, { id, ...rest }) => ({
    type: 'AddPartner',
    data: { programmeId, partnerId: id, ...rest },
  }));
  setUpRoute(router, socle, 'axes', AxisBody, (programmeId, { id, ...rest }) => ({
    type: 'DefineAxis',
    data: { programmeId, axisId: id, ...rest },
  }));
  setUpRoute(router, socle, 'actions', ActionBody, (programmeId, { id, ...rest }) => ({
    type: 'DefineAction',
    data: { programmeId, actionId: id, ...rest },
  }));
  setUpRoute(router, socle, 'sites', SiteBody, (programmeId, { id, ...rest }) => ({
    type: 'RegisterSite',
    data: { programmeId, siteId: id, ...rest },
  }));
  setUpRoute(router, socle, 'rates', RateBody, (programmeId, { id, ...rest }) => ({
    type: 'SetValuationRate',
    data: { programmeId, rateId: id, ...rest },
  }));

  actionSheetRoute(router, socle);

  // A publication fixes the collective figures the partners see of one another (docs/api.md,
  // "Confidentialité"): 201 with the position it stands at, also when the same request comes again.
  router.post('/:p/publications', allow('coordinator', 'treasurer'), async (req, res) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(PublicationBody, req.body);
    const { id, ...rest } = body;
    const result = await socle.commands.handleProgramme({ type: 'PublishFigures', data: { programmeId: p, publicationId: id, ...rest } }, actorOf(res));
    res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), p, result.position)));
    const published = requireProgramme((await socle.ledgerAt()).state, p).publications.find((x) => x.publicationId === id)!;
    res.status(201).location(`/api/programmes/${p}`).json({ ...body, position: published.position });
  });

  return router;
}

/**
 * PUT /programmes/:p/actions/:a/sheet (issue 14): the fiche action, whole, replacing the one before;
 * 200 with it as stored, also when the same sheet comes again (nothing written then).
 */
function actionSheetRoute(router: Router, socle: Socle): void {
  router.put('/:p/actions/:a/sheet', allow('coordinator'), async (req, res) => {
    const { p, a } = parseRequest(ActionParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const sheet = parseRequest(ActionSheetBody, req.body);
    const result = await socle.commands.handleProgramme({ type: 'SetActionSheet', data: { programmeId: p, actionId: a, sheet } }, actorOf(res));
    res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), p, result.position)));
    res.status(200).location(`/api/programmes/${p}`).json({ actionId: a, sheet });
  });
}

/** GET /programmes: every programme; a partner, those it belongs to, stamped with a position it may be shown. */
function listProgrammes(socle: Socle): RequestHandler {
  return async (req, res) => {
  parseRequest(NoQuery, req.query, 'query');
  const actor = actorOf(res);
  const ledger = await socle.ledgerAt();
  if (actor.role === 'partner') {
    // Its programmes, its own contributions counted, stamped with the latest position it may be
    // shown (src/reports/partner-view.ts), never the head.
    const mine = [...ledger.state.programmes.values()].filter((p) => actor.partnerId !== undefined && p.partners.has(actor.partnerId));
    const position = Math.max(0, ...mine.map((p) => partnerPosition(p, actor.partnerId!)));
    const headHash = position === ledger.position ? ledger.hash : (await socle.store.head(position)).hash;
    res.json({
      asOf: { position, headHash },
      programmes: mine.map((p) => programmeSummaryJson(p, ownContributionIds(ledger.state, p, actor.partnerId!).length)),
    });
    return;
  }
  res.json({ asOf: asOfJson(ledger), programmes: [...ledger.state.programmes.values()].map((p) => programmeSummaryJson(p)) });
  };
}

function setUpRoute<S extends z.ZodType<{ id: string }>>(
  router: Router,
  socle: Socle,
  collection: string,
  schema: S,
  toCommand: (programmeId: string, body: z.output<S>) => ProgrammeCommand,
): void {
  router.post(`/:p/${collection}`, allow('coordinator'), async (req: Request, res: Response) => {
    const { p } = parseRequest(ProgrammeParams, req.params, 'path');
    parseRequest(NoQuery, req.query, 'query');
    const body = parseRequest(schema, req.body);
    await setUp(socle, res, toCommand(p, body), `/api/programmes/${p}`, body);
  });
}

/** 201 with the stored item (the request's own fields), also when the same request comes again. */
async function setUp(socle: Socle, res: Response, command: ProgrammeCommand, location: string, body: object): Promise<void> {
  const result = await socle.commands.handleProgramme(command, actorOf(res));
  res.setHeader(POSITION_HEADER, String(await writtenAt(socle, actorOf(res), command.data.programmeId, result.position)));
  res.status(201).location(location).json(body);
}
