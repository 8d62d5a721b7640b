/** What the numbers were measured on, and how busy the machine was. */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

function cpuModel() {
  const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match ? match[1].trim() : 'unknown';
}

export function describeMachine() {
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    threadPool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
  };
}

export function loadAverage() {
  return loadavg().map((value) => value.toFixed(2)).join(' ');
}
