/**
 * Loaded into the server process with `node --import` (the server's own code is
 * untouched): it measures event-loop delay with perf_hooks and answers the
 * benchmark over the IPC channel. `reset` starts a new measurement window,
 * `read` returns the window's figures in milliseconds.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

// monitorEventLoopDelay records the whole timer interval, so the resolution is
// subtracted to leave the delay beyond it.
const RESOLUTION_MS = 5;

const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

function delayMs(nanoseconds) {
  return Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS);
}

function read() {
  return {
    p50: delayMs(histogram.percentile(50)),
    p99: delayMs(histogram.percentile(99)),
    max: delayMs(histogram.max),
    samples: histogram.count,
  };
}

if (process.send) {
  process.on('message', (message) => {
    if (message?.probe === 'reset') histogram.reset();
    if (message?.probe === 'read' || message?.probe === 'reset') {
      process.send({ probe: message.probe, id: message.id, ...read() });
    }
  });
  // The channel must not keep a server alive that was asked to stop.
  process.channel?.unref();
}
