// A projection is a pure, deterministic fold over the global log: { name, initialState, evolve, thaw }.
// For speed over millions of events, evolve may mutate the parts of the state that its current
// draft owns and return it; a state handed to a reader (a published version) is never evolved
// again: the runner first calls `thaw`, which starts a new draft sharing the published parts.
import type { DomainEvent } from '../domain/events.ts';
import type { EventMetadata } from '../store/port.ts';

/** A stored event as projections see it: upcast to the current schema, with its place in the log. */
export type ProjectedEvent = DomainEvent & {
  id: string;
  position: number;
  hash: string;
  stream: string;
  streamVersion: number;
  recordedAt: string;
  metadata: EventMetadata;
};

export interface Projection<S> {
  readonly name: string;
  initialState(): S;
  evolve(state: S, event: ProjectedEvent): S;
  /** A new draft from a published version: evolving it must leave the published version as it was. */
  thaw(published: S): S;
}
