// What the figures were measured on: they mean little without the machine.
import os from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** Load average when the benchmark started: other work on the machine skews every figure. */
  loadAverage: number[];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  };
}

export function renderMachine(machine: Machine): string {
  return [
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores`,
    `- memory: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- Node.js ${machine.node} on ${machine.platform}`,
    `- load average at start: ${machine.loadAverage.map((l) => l.toFixed(2)).join(', ')}`,
  ].join('\n');
}
