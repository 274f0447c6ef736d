// A programme's service facts as of a position: its stream service-<programmeId> folded up to that
// position. Not part of the ledger read model (ledger.ts skips them): a programme's service stream
// holds a few hundred events, so a read folds it on demand, and an as-of read cuts it at the
// position of the ledger version it is answered from — the same position gives the same figures.
import { isServiceEvent, type ServiceEvent } from '../domain/events.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import { evolveService, initialServiceState, type ServiceState } from '../domain/service/state.ts';
import type { RecordedEvent } from '../store/port.ts';

export interface ServiceBook {
  programmeId: string;
  /** The last global position the book may hold (the read's position), not the stream's last event. */
  position: number;
  state: ServiceState;
}

/** Fold a service stream's events recorded at or before `position` (positions grow along a stream). */
export function foldServiceBook(programmeId: string, events: readonly RecordedEvent[], position: number): ServiceBook {
  const state = initialServiceState();
  for (const stored of events) {
    if (stored.position > position) break;
    const event = toDomainEvent(stored.type, stored.schemaVersion, stored.data);
    if (!isServiceEvent(event)) throw new Error(`invariant violated: ${stored.type} in the service stream of ${programmeId}`);
    evolveService(state, event as ServiceEvent);
  }
  return { programmeId, position, state };
}
