// The store boundary: decided events are parsed by their schema once more before they are written,
// so nothing that breaks the catalogue (an over-long text, a malformed id) can ever be stored.
import { uuidV7 } from './uuid-v7.ts';
import { EVENT_SCHEMAS, type DomainEvent } from '../domain/events.ts';
import { InvalidCommandError } from '../domain/errors.ts';
import type { EventMetadata, NewEvent } from '../store/port.ts';
import type { Actor } from '../domain/actor.ts';

export function metadataOf(actor: Actor): EventMetadata {
  return {
    actor: actor.name,
    role: actor.role,
    ...(actor.requestId !== undefined && { requestId: actor.requestId }),
    ...(actor.correlationId !== undefined && { correlationId: actor.correlationId }),
  };
}

export function toNewEvents(events: DomainEvent[], actor: Actor): NewEvent[] {
  const metadata = metadataOf(actor);
  return events.map((event) => {
    const entry = EVENT_SCHEMAS[event.type];
    const parsed = entry.schema.safeParse(event.data);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new InvalidCommandError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    return { id: uuidV7(), type: event.type, schemaVersion: entry.version, data: parsed.data, metadata };
  });
}
