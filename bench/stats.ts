// Summaries of repeated measurements: every figure in the table is the median of several runs,
// shown with the smallest and largest run so that a noisy machine is visible, not hidden.

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('nothing to summarize: no samples');
  for (const s of samples) if (!Number.isFinite(s)) throw new RangeError(`not a finite sample: ${s}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** Runs `measure` `runs` times in sequence and gathers each named figure across the runs. */
export async function repeat<K extends string>(runs: number, measure: (run: number) => Promise<Record<K, number>>): Promise<Record<K, Summary>> {
  const gathered = new Map<K, number[]>();
  for (let run = 0; run < runs; run++) {
    const figures = await measure(run);
    for (const [name, value] of Object.entries(figures) as [K, number][]) {
      if (!gathered.has(name)) gathered.set(name, []);
      gathered.get(name)!.push(value);
    }
  }
  return Object.fromEntries([...gathered].map(([name, samples]) => [name, summarize(samples)])) as Record<K, Summary>;
}

/** Per second, from a count and a duration in milliseconds. */
export function perSecond(count: number, durationMs: number): number {
  if (durationMs <= 0) throw new RangeError('a duration must be positive');
  return (count * 1000) / durationMs;
}

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}
