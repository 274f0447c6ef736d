// Schema evolution: stored events keep the version they were written with; readers see the
// current version. Each step maps version n to n+1. No event type has a second version yet;
// the first one to change adds its step here, with a test that reads a stored v1 event.
import { EVENT_SCHEMAS, isEventType, type DomainEvent } from './events.ts';

type Upcaster = (data: unknown) => unknown;
const UPCASTERS: Partial<Record<string, Record<number, Upcaster>>> = {};

export class UnknownEventError extends Error {}

/** True when a stored event is already in the current shape: no upcasting, no copy needed. */
export function isCurrentVersion(type: string, schemaVersion: number): boolean {
  return isEventType(type) && EVENT_SCHEMAS[type].version === schemaVersion;
}

/** Parse a stored event into the current domain shape, upcasting old versions first. */
export function toDomainEvent(type: string, schemaVersion: number, data: unknown): DomainEvent {
  if (!isEventType(type)) throw new UnknownEventError(`unknown event type ${type}`);
  const entry = EVENT_SCHEMAS[type];
  let current = data;
  for (let v = schemaVersion; v < entry.version; v++) {
    const step = UPCASTERS[type]?.[v];
    if (!step) throw new UnknownEventError(`no upcaster for ${type} v${v}`);
    current = step(current);
  }
  if (schemaVersion > entry.version) throw new UnknownEventError(`${type} v${schemaVersion} is newer than this program`);
  return { type, data: current } as DomainEvent;
}
