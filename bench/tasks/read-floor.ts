// 2. The floor under replay: what reading the log costs before any of Socle's code runs. Every row
// read from the same SQLite file with the store's own query (raw rows, pages of 1,000, in position
// order) and its data and metadata parsed from JSON, nothing else: no event objects, no upcasting,
// no projection. A replay cannot be faster than this on the same machine.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import { perSecond } from '../stats.ts';

export interface ReadFloorArgs {
  dataDir: string;
}

export interface ReadFloorFigures {
  events: number;
  /** Reading the rows only. */
  readPerSecond: number;
  /** Reading the rows and parsing data and metadata. */
  readAndParsePerSecond: number;
}

const PAGE = 1000;

export async function measureReadFloor(args: ReadFloorArgs): Promise<ReadFloorFigures> {
  const db = new Database(join(args.dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    const page = db
      .prepare<[number, number, number], unknown[]>(
        `SELECT position, id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash
         FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
      )
      .raw();
    const pass = (parse: boolean) => {
      let events = 0;
      let after = 0;
      let parsed = 0;
      const started = performance.now();
      for (;;) {
        const rows = page.all(after, Number.MAX_SAFE_INTEGER, PAGE) as [number, ...unknown[]][];
        if (rows.length === 0) break;
        if (parse) {
          for (const row of rows) {
            // Kept alive through `parsed`, so the engine cannot skip the parse.
            if (JSON.parse(row[6] as string) !== null && JSON.parse(row[7] as string) !== null) parsed += 1;
          }
        }
        events += rows.length;
        after = rows[rows.length - 1]![0];
      }
      if (parse && parsed !== events) throw new Error(`parsed ${parsed} of ${events} events`);
      return { events, perSecond: perSecond(events, performance.now() - started) };
    };
    const read = pass(false);
    const readAndParse = pass(true);
    return { events: read.events, readPerSecond: read.perSecond, readAndParsePerSecond: readAndParse.perSecond };
  } finally {
    db.close();
  }
}
