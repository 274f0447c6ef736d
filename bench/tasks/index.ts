// The measurements a child process can run (bench/child.ts), by name.
import { measureAppends } from './appends.ts';
import { measureImport, writeImportFile } from './import.ts';
import { measureHeldVersion } from './held-version.ts';
import { measurePeerWorkload } from './peer.ts';
import { measurePostgres } from './postgres.ts';
import { measureReplay } from './replay.ts';
import { measureReadFloor } from './read-floor.ts';
import { measureValuation } from './valuation.ts';

export const TASKS = {
  appends: measureAppends,
  replay: measureReplay,
  readFloor: measureReadFloor,
  valuation: measureValuation,
  heldVersion: measureHeldVersion,
  peer: measurePeerWorkload,
  postgres: measurePostgres,
  importFile: writeImportFile,
  importRows: measureImport,
};

export type TaskName = keyof typeof TASKS;
export type TaskArgs<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
export type TaskResult<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;
