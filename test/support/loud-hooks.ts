// uvu 0.5 swallows an error thrown in a `before` or `after` hook: its runner returns from a
// `finally`, so the suite prints "(0 / N)" with no cause and even exits 0. `loudHooks(suite)` wraps
// the suite's hooks so that such an error is printed whole on stderr and the process exits non-zero.
import type { Test } from 'uvu';

type Hook = (state: any) => void | Promise<void>;

function loud(kind: string, hook: Hook): Hook {
  return async (state) => {
    try {
      await hook(state);
    } catch (error) {
      console.error(`\n${kind} hook failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      // uvu sets process.exitCode = 0 after such a suite: set it back on the way out.
      process.once('exit', () => (process.exitCode = 1));
      throw error;
    }
  };
}

/** Makes the suite's before/after (and .each) hooks report their errors; returns the same suite. */
export function loudHooks<T extends Test<any>>(suite: T): T {
  for (const kind of ['before', 'after'] as const) {
    const original = suite[kind];
    const originalEach = original.each;
    const wrapped = ((hook: Hook) => original(loud(kind, hook))) as typeof original;
    wrapped.each = ((hook: Hook) => originalEach(loud(`${kind}.each`, hook))) as typeof original.each;
    (suite as any)[kind] = wrapped;
  }
  return suite;
}
