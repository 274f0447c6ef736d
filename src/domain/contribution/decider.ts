// A contribution's life: recorded, then corrected (full content + reason), withdrawn (reason),
// validated once or rejected (reason) by the coordinator. Nothing follows a withdrawal or a rejection.
import { canonicalJson } from '../canonical-json.ts';
import type { ContributionEvent } from '../events.ts';
import { ConflictError, InvalidCommandError, NotFoundError } from '../errors.ts';
import type { ProgrammeState } from '../programme/state.ts';
import { checkContent, type ContributionInput } from './content.ts';
import { evolveContribution, initialContributionState, isFinal, type ContributionState } from './state.ts';
import type { Decider } from '../decider.ts';
import { DOMAIN_FR } from '../../messages/fr.ts';

interface Target {
  programmeId: string;
  contributionId: string;
  /**
   * Whose contribution (its identity is programme, partner and id: events.ts). Not read by the
   * decider; the handler finds the stream with it (a partner: always its own). Left out, the one
   * contribution of that id in the programme.
   */
  partnerId?: string;
}

export type ContributionCommand =
  | ({ type: 'RecordContribution'; content: ContributionInput } & Target)
  | ({ type: 'CorrectContribution'; reason: string; content: ContributionInput } & Target)
  | ({ type: 'WithdrawContribution'; reason: string } & Target)
  | ({ type: 'ValidateContribution' } & Target)
  | ({ type: 'RejectContribution'; reason: string } & Target);

/**
 * `programme` is the state of the contribution's programme, loaded by the handler: the decider needs
 * it to check partners, actions, sites and the period.
 */
/**
 * The contribution's decision, then the closings' rule (issue 16): an event that changes a
 * contribution dated in a closed year (by its date before or after) is a post-closing adjustment,
 * accepted or not as the programme's closing policy says. A repeated command that decides nothing
 * is never refused.
 */
export function decideContribution(command: ContributionCommand, state: ContributionState, programme: ProgrammeState): ContributionEvent[] {
  const events = decideOpenYear(command, state, programme);
  if (events.length > 0 && programme.closings.size > 0) checkClosedYears(events, state, programme);
  return events;
}

function checkClosedYears(events: ContributionEvent[], state: ContributionState, programme: ProgrammeState): void {
  const years = new Set<number>();
  if (state.content) years.add(Number(state.content.date.slice(0, 4)));
  for (const event of events) if ('content' in event.data) years.add(Number(event.data.content.date.slice(0, 4)));
  for (const year of [...years].sort()) {
    if (!programme.closings.has(year)) continue;
    if (programme.closingPolicy === 'refuse') throw new ConflictError(DOMAIN_FR.closedYearRefuses(year));
    // Only a correction, a withdrawal or a rejection carries a reason: the others are refused.
    if (programme.closingPolicy === 'require-reason' && events.some((event) => !('reason' in event.data))) throw new ConflictError(DOMAIN_FR.closedYearNeedsReason(year));
  }
}

function decideOpenYear(command: ContributionCommand, state: ContributionState, programme: ProgrammeState): ContributionEvent[] {
  const { programmeId, contributionId } = command;
  if (!programme.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));

  if (command.type === 'RecordContribution') {
    const content = checkContent(command.content, programme, programmeId);
    if (state.recorded) {
      // The same request again decides nothing; the same id for something else is a conflict.
      if (state.programmeId === programmeId && canonicalJson(state.recorded) === canonicalJson(content)) return [];
      throw new ConflictError(DOMAIN_FR.alreadyExists(DOMAIN_FR.contributionNamed(contributionId)));
    }
    return [{ type: 'ContributionRecorded', data: { programmeId, contributionId, content } }];
  }

  if (!state.content || state.programmeId !== programmeId)
    throw new NotFoundError(DOMAIN_FR.unknownContribution(contributionId, programmeId));
  if (isFinal(state.review)) throw new ConflictError(DOMAIN_FR.finalReview(contributionId, state.review));

  if ('reason' in command && command.reason.trim() === '')
    throw new InvalidCommandError(DOMAIN_FR.reasonRequired, [{ path: 'reason', message: DOMAIN_FR.mustNotBeEmpty }]);

  switch (command.type) {
    case 'CorrectContribution': {
      const content = checkContent(command.content, programme, programmeId);
      if (canonicalJson(content) === canonicalJson(state.content))
        throw new InvalidCommandError(DOMAIN_FR.correctionChangesNothing, [{ path: 'content', message: DOMAIN_FR.identicalContent }]);
      return [{ type: 'ContributionCorrected', data: { programmeId, contributionId, reason: command.reason, content } }];
    }
    case 'WithdrawContribution':
      return [{ type: 'ContributionWithdrawn', data: { programmeId, contributionId, reason: command.reason } }];
    case 'ValidateContribution':
      if (state.review === 'validated') throw new ConflictError(DOMAIN_FR.alreadyValidated(contributionId));
      return [{ type: 'ContributionValidated', data: { programmeId, contributionId } }];
    case 'RejectContribution':
      if (state.review === 'validated') throw new ConflictError(DOMAIN_FR.validatedWithdrawInstead(contributionId));
      return [{ type: 'ContributionRejected', data: { programmeId, contributionId, reason: command.reason } }];
    default: {
      const never: never = command;
      throw new Error(`unhandled contribution command ${(never as { type: string }).type}`);
    }
  }
}

/** A contribution's stream as a decider: its context is the programme's set-up. */
export const contributionDecider: Decider<ContributionCommand, ContributionEvent, ContributionState, ProgrammeState> = {
  initialState: initialContributionState,
  evolve: evolveContribution,
  decide: decideContribution,
};
