// One contribution's life as its decider sees it: built only from its own stream.
import type { ContributionContent, ContributionEvent } from '../events.ts';
import { assert } from '../errors.ts';

/** pending: recorded or corrected, awaiting the coordinator. Withdrawn and rejected are final. */
export type Review = 'pending' | 'validated' | 'withdrawn' | 'rejected';

export interface ContributionState {
  programmeId?: string;
  content?: ContributionContent;
  /** The content as first recorded: a repeated recording is compared with it, not with a correction. */
  recorded?: ContributionContent;
  review: Review;
}

export function initialContributionState(): ContributionState {
  return { review: 'pending' };
}

export function isFinal(review: Review): boolean {
  return review === 'withdrawn' || review === 'rejected';
}

/** The rules of decideContribution, asserted again when evolving (TigerBeetle: assert in two places). */
export function evolveContribution(state: ContributionState, event: ContributionEvent): ContributionState {
  if (event.type !== 'ContributionRecorded') {
    assert(state.content, `${event.type} before ContributionRecorded`);
    assert(!isFinal(state.review), `${event.type} after ${state.review}`);
  }
  switch (event.type) {
    case 'ContributionRecorded':
      assert(!state.content, 'contribution recorded twice');
      return { programmeId: event.data.programmeId, content: event.data.content, recorded: event.data.content, review: 'pending' };
    case 'ContributionCorrected':
      // A correction needs a fresh look from the coordinator.
      return { ...state, content: event.data.content, review: 'pending' };
    case 'ContributionWithdrawn':
      return { ...state, review: 'withdrawn' };
    case 'ContributionValidated':
      assert(state.review === 'pending', 'validated twice');
      return { ...state, review: 'validated' };
    case 'ContributionRejected':
      assert(state.review === 'pending', 'rejected after validation');
      return { ...state, review: 'rejected' };
    default: {
      const never: never = event;
      throw new Error(`unhandled contribution event ${(never as { type: string }).type}`);
    }
  }
}
