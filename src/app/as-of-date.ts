// An as-of date resolved to the position it names: the last event recorded at or before the
// instant (EventStore.positionAt). A date that names no ledger of the programme is refused with
// its reason rather than answered with an empty or a live one: before the programme's first event
// (there was nothing to read), or in the future (the ledger cannot say yet what it will hold, and
// the same date asked again later would give other figures).
import { InvalidCommandError, NotFoundError } from '../domain/errors.ts';
import { programmeStream } from '../domain/events.ts';
import { DOMAIN_FR } from '../messages/fr.ts';
import { instantOfAsOfDate } from '../reports/report-specs.ts';
import type { EventStore, Head } from '../store/port.ts';

export interface ResolvedAsOfDate extends Head {
  /** The date as asked. */
  asked: string;
  /** The UTC instant it names (a day: the end of it). */
  instant: string;
}

const refuse = (message: string) => new InvalidCommandError(`asOfDate: ${message}`, [{ path: 'asOfDate', message }]);

export async function resolveAsOfDate(store: EventStore, programmeId: string, asked: string, now: Date = new Date()): Promise<ResolvedAsOfDate> {
  const instant = instantOfAsOfDate(asked);
  if (instant === undefined) throw refuse(DOMAIN_FR.asOfDateMalformed(asked));
  if (instant > now.toISOString() && !isToday(asked, now)) throw refuse(DOMAIN_FR.asOfDateInFuture(asked, now.toISOString()));
  const opened = (await store.readStream(programmeStream(programmeId))).events[0];
  if (!opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  if (instant < opened.recordedAt) throw refuse(DOMAIN_FR.asOfDateBeforeProgramme(asked, programmeId, opened.recordedAt));
  const at = await store.positionAt(instant);
  return { ...at, asked, instant };
}

/** Today, as a day, is not the future: it reads up to now (the end of the day is not here yet). */
function isToday(asked: string, now: Date): boolean {
  return asked === now.toISOString().slice(0, 10);
}
