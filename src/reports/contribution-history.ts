// A contribution's history, read from its own stream when someone asks for it (the detail view),
// rather than kept for every contribution in the ledger read model: few contributions are ever
// opened, and every one of them would otherwise cost memory, replay time and snapshot size.
import { contributionStreamOfKey, type ContributionContent } from '../domain/events.ts';
import { toDomainEvent } from '../domain/upcast.ts';
import type { EventStore, RecordedEvent } from '../store/port.ts';

export interface HistoryEntry {
  version: number;
  position: number;
  type: string;
  recordedAt: string;
  actor: string;
  role: string;
  reason?: string;
  /** The full content after a recording or a correction. */
  content?: ContributionContent;
}

/** One history entry per event of the stream, oldest first. */
export function historyOf(events: readonly RecordedEvent[]): HistoryEntry[] {
  return events.map((event) => {
    const data = toDomainEvent(event.type, event.schemaVersion, event.data).data as { reason?: string; content?: ContributionContent };
    return {
      version: event.streamVersion,
      position: event.position,
      type: event.type,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      role: event.metadata.role,
      ...(data.reason !== undefined && { reason: data.reason }),
      ...(data.content !== undefined && { content: data.content }),
    };
  });
}

/** The history of a contribution (by its read-model key, ledger.ts) as it stood right after global position `upTo`. */
export async function readContributionHistory(store: EventStore, key: string, upTo: number): Promise<HistoryEntry[]> {
  const { events } = await store.readStream(contributionStreamOfKey(key));
  return historyOf(events.filter((event) => event.position <= upTo));
}
