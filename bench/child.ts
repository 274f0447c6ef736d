// Runs one measurement in a process of its own, so that its peak memory is its own and one
// measurement's garbage cannot slow the next: `node --import tsx bench/child.ts TASK 'JSON'`.
// Prints one line `BENCH_RESULT {…}` with the task's figures and the process's peak RSS.
import { TASKS, type TaskName } from './tasks/index.ts';

const [name, json] = process.argv.slice(2);
if (!name || !(name in TASKS)) {
  console.error(`usage: child.ts TASK JSON (tasks: ${Object.keys(TASKS).join(', ')})`);
  process.exit(2);
}
const task = TASKS[name as TaskName] as unknown as (args: unknown) => Promise<object>;
const figures = await task(JSON.parse(json ?? '{}'));
// maxRSS is in kilobytes: the high-water mark of the whole process, heap and native memory alike.
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...figures, maxRssBytes })}\n`);
