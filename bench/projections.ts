// "Every projection": found by reading the projections folder, so a projection added later is
// replayed by the benchmark without anyone remembering to list it here.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { ProjectedEvent, Projection } from '../src/read-model/projection.ts';

const FOLDER = fileURLToPath(new URL('../projections/', import.meta.url));

function isProjection(value: unknown): value is Projection<unknown> {
  const p = value as Partial<Projection<unknown>> | null;
  return typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.initialState === 'function' && typeof p.evolve === 'function';
}

export async function allProjections(): Promise<Projection<unknown>[]> {
  const found = new Map<string, Projection<unknown>>();
  for (const file of readdirSync(FOLDER).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const module = (await import(pathToFileURL(join(FOLDER, file)).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) if (isProjection(value)) found.set(value.name, value);
  }
  if (found.size === 0) throw new Error(`no projection found in ${FOLDER}`);
  return [...found.values()];
}

/** One fold feeding each event to every projection in turn, as one replay pass. */
export function combine(projections: readonly Projection<unknown>[]): Projection<unknown[]> {
  return {
    name: projections.map((p) => p.name).join('+'),
    initialState: () => projections.map((p) => p.initialState()),
    evolve(states: unknown[], event: ProjectedEvent) {
      for (let i = 0; i < projections.length; i++) states[i] = projections[i]!.evolve(states[i], event);
      return states;
    },
    thaw: (states: unknown[]) => states.map((state, i) => projections[i]!.thaw(state)),
  };
}
