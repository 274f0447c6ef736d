// What a workbook is computed from: one immutable version of the read model and the log up to the
// same position, never the raw store nor the composition root. The application layer makes one
// (src/app/read-sources.ts); a workbook's stamp (Provenance Position and Empreinte) is its
// position and head hash, and the same source made later with that position as as-of gives the same
// workbook.
import type { LedgerState } from '../read-model/ledger.ts';
import type { SignedCheckpoint } from '../store/checkpoints.ts';
import type { RecordedEvent } from '../store/port.ts';

export interface ReadSource {
  /** The last global position the source holds (0: an empty log). */
  readonly position: number;
  /** The chained hash of the event at `position`. */
  readonly headHash: string;
  /** The read model exactly as of `position` (built on demand where it is not at hand: the journal never asks). */
  ledger(): Promise<LedgerState>;
  /** The programme's name as opened at or before `position`; undefined if it was not open then. */
  programmeName(programmeId: string): Promise<string | undefined>;
  /** The log's events from the first up to `position`, a page at a time. */
  logPages(pageSize: number): AsyncIterable<readonly RecordedEvent[]>;
  /** The latest signed checkpoint the log holds at or before `position` (printed on the Provenance sheet). */
  latestCheckpoint?(): Promise<SignedCheckpoint | undefined>;
  /** The programme's service stream (issue 15) up to `position`: its hours, targets and indicators. */
  serviceEvents?(programmeId: string): Promise<readonly RecordedEvent[]>;
}
