// Preloaded (`node --import tsx --import bench/peak-rss.ts …`) into a command the benchmark runs
// as is, such as `socle export`: reports the process's peak resident memory on stderr as it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nBENCH_MAXRSS ${process.resourceUsage().maxRSS * 1024}\n`);
});
