// Programme set-up (coordinator writes) and its reads: the list of programmes and one programme's
// partners, axes, actions, sites and rates. Set-up requests are idempotent by id: the same request
// again answers the same 201 and writes nothing; the same id with other content is a 409.
import type { z } from 'zod';
import type { Socle } from '../../app/socle.ts';
import { requireProgramme } from '../../app/socle.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ProgrammeCommand } from '../../domain/programme/decider.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { askedPosition, ledgerAsOf, POSITION_HEADER, withAsked, writtenAt } from '../read.ts';
import { partnerRead } from '../partner-read.ts';
import { ownContributionIds, partnerPosition, ratesSeenBy } from '../../reports/partner-view.ts';
import type { Answer, Handler } from '../route-context.ts';
import type { ActionBody, AsOfQuery, AxisBody, NoQuery, PartnerBody, ProgrammeBody, ProgrammeParams, PublicationBody, RateBody, SiteBody } from '../schemas.ts';
import { asOfJson, programmeJson, programmeSummaryJson } from '../views.ts';
import type { ActionParams, ActionSheetBody } from '../action-sheet-schemas.ts';

/**
 * PUT /programmes/:p/actions/:a/sheet (issue 14): the fiche action, whole, replacing the one before;
 * 200 with it as stored, also when the same sheet comes again (nothing written then).
 */
export const setActionSheet: Handler<typeof ActionParams, typeof NoQuery, typeof ActionSheetBody> = async ({ socle, actor, params: { p, a }, body }) => {
  const sheet = body();
  const result = await socle.commands.handleProgramme({ type: 'SetActionSheet', data: { programmeId: p, actionId: a, sheet } }, actor);
  const position = await writtenAt(socle, actor, p, result.position);
  return { status: 200, headers: { [POSITION_HEADER]: String(position), Location: `/api/programmes/${p}` }, body: { actionId: a, sheet } };
};

/** GET /programmes: every programme; a partner, those it belongs to, stamped with a position it may be shown. */
export const listProgrammes: Handler<undefined, typeof NoQuery> = async ({ socle, actor }) => {
  const ledger = await socle.ledgerAt();
  if (actor.role === 'partner') {
    // Its programmes, its own contributions counted, stamped with the latest position it may be
    // shown (src/reports/partner-view.ts), never the head.
    const mine = [...ledger.state.programmes.values()].filter((p) => actor.partnerId !== undefined && p.partners.has(actor.partnerId));
    const position = Math.max(0, ...mine.map((p) => partnerPosition(p, actor.partnerId!)));
    const headHash = position === ledger.position ? ledger.hash : (await socle.store.head(position)).hash;
    return {
      status: 200,
      body: {
        asOf: { position, headHash },
        programmes: mine.map((p) => programmeSummaryJson(p, ownContributionIds(ledger.state, p, actor.partnerId!).length)),
      },
    };
  }
  return { status: 200, body: { asOf: asOfJson(ledger), programmes: [...ledger.state.programmes.values()].map((p) => programmeSummaryJson(p)) } };
};

export const openProgramme: Handler<undefined, typeof NoQuery, typeof ProgrammeBody> = async ({ socle, actor, body }) => {
  const programme = body();
  const { id, ...rest } = programme;
  return setUp(socle, actor, { type: 'OpenProgramme', data: { programmeId: id, ...rest } }, `/api/programmes/${id}`, programme);
};

/** GET /programmes/:p: its set-up; a partner does not see another partner's rates (its payroll cost, its basis). */
export const programmeDetail: Handler<typeof ProgrammeParams, typeof AsOfQuery> = async ({ socle, actor, params: { p }, query }) => {
  await requireProgrammeAccess(socle, actor, p);
  const { asOf, date } = await askedPosition(socle, actor, p, query);
  if (actor.role === 'partner') {
    const read = await partnerRead(socle, actor.partnerId!, p, asOf);
    return { status: 200, body: { ...programmeJson(read.programme, ratesSeenBy(read.programme, actor.partnerId!)), asOf: read.stamp } };
  }
  const ledger = await ledgerAsOf(socle, asOf);
  return { status: 200, body: { ...programmeJson(requireProgramme(ledger.state, p)), asOf: withAsked(asOfJson(ledger), date) } };
};

/** POST /programmes/:p/partners, axes, actions, sites, rates: the body's id names the item. */
function setUpHandler<S extends z.ZodType<{ id: string }>>(toCommand: (programmeId: string, body: z.output<S>) => ProgrammeCommand): Handler<typeof ProgrammeParams, typeof NoQuery, S> {
  return async ({ socle, actor, params: { p }, body }) => {
    // S is generic here: the context cannot name its parsed type, which is z.output<S>.
    const item = body() as z.output<S>;
    return setUp(socle, actor, toCommand(p, item), `/api/programmes/${p}`, item);
  };
}

export const addPartner = setUpHandler<typeof PartnerBody>((programmeId, { id, ...rest }) => ({ type: 'AddPartner', data: { programmeId, partnerId: id, ...rest } }));
export const defineAxis = setUpHandler<typeof AxisBody>((programmeId, { id, ...rest }) => ({ type: 'DefineAxis', data: { programmeId, axisId: id, ...rest } }));
export const defineAction = setUpHandler<typeof ActionBody>((programmeId, { id, ...rest }) => ({ type: 'DefineAction', data: { programmeId, actionId: id, ...rest } }));
export const registerSite = setUpHandler<typeof SiteBody>((programmeId, { id, ...rest }) => ({ type: 'RegisterSite', data: { programmeId, siteId: id, ...rest } }));
export const setRate = setUpHandler<typeof RateBody>((programmeId, { id, ...rest }) => ({ type: 'SetValuationRate', data: { programmeId, rateId: id, ...rest } }));

// A publication fixes the collective figures the partners see of one another (docs/api.md,
// "Confidentialité"): 201 with the position it stands at, also when the same request comes again.
export const publishFigures: Handler<typeof ProgrammeParams, typeof NoQuery, typeof PublicationBody> = async ({ socle, actor, params: { p }, body }) => {
  const publication = body();
  const { id, ...rest } = publication;
  const result = await socle.commands.handleProgramme({ type: 'PublishFigures', data: { programmeId: p, publicationId: id, ...rest } }, actor);
  const position = await writtenAt(socle, actor, p, result.position);
  const published = requireProgramme((await socle.ledgerAt()).state, p).publications.find((x) => x.publicationId === id)!;
  return { status: 201, headers: { [POSITION_HEADER]: String(position), Location: `/api/programmes/${p}` }, body: { ...publication, position: published.position } };
};

/** 201 with the stored item (the request's own fields), also when the same request comes again. */
async function setUp(socle: Socle, actor: Actor, command: ProgrammeCommand, location: string, body: object): Promise<Answer> {
  const result = await socle.commands.handleProgramme(command, actor);
  const position = await writtenAt(socle, actor, command.data.programmeId, result.position);
  return { status: 201, headers: { [POSITION_HEADER]: String(position), Location: location }, body };
}
