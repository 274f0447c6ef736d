// A projection is a pure, deterministic fold over the global log: { name, initialState, evolve }.
// For speed over millions of events, evolve may mutate the state it is given and return it: the
// runner owns that state and never shares it while evolving.
import type { DomainEvent } from '../src/domain/events.ts';
import type { EventMetadata } from '../src/store/port.ts';

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
}
