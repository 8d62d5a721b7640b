/**
 * The real `redoctober` process under test, started as an operator would
 * (dist/cli/main.js, HTTPS on a loopback port), with the event-loop probe
 * preloaded. The load generator lives in another process, so the server's
 * event loop and CPU are its own.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const MAIN_JS = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('../probe.mjs', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const CLOCK_TICKS_PER_SECOND = 100;
const POLL_MS = 5;

const agent = new https.Agent({ keepAlive: true, maxSockets: 16, rejectUnauthorized: false });

/** Reads one field of /proc/<pid>/status, in KiB. */
function procStatusKib(pid, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return match ? Number(match[1]) : NaN;
}

/** User plus system CPU seconds used so far by the process, or by one thread of it. */
function cpuSeconds(pid, thread) {
  const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds of the whole process and of its main thread (the event loop; its id is the pid). */
export function cpuSplit(pid) {
  return { total: cpuSeconds(pid), loop: cpuSeconds(pid, pid) };
}

/** A port that was free a moment ago (the server binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves once the API port accepts connections. Polling rather than reading
 * the log keeps this working at any LOG_LEVEL; the metrics listener starts just
 * after the API one, so it is waited for too.
 */
async function waitForListening(child, ports, exited) {
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (!(await canConnect(ports.api)) || !(await canConnect(ports.metrics))) {
    if (hasExited) throw new Error(`server exited before listening: ${stderr.slice(0, 2000)}`);
    if (performance.now() > deadline) throw new Error('server not listening in time');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** As `npm start` and the systemd unit in deploy/ run it (see BENCHMARKS.md on malloc arenas). */
export const SERVER_ENV = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1' };

/**
 * Starts the server. `vaultPath` defaults to an in-memory vault; `env` and
 * `nodeOptions` are for experiments (UV_THREADPOOL_SIZE, --cpu-prof, ...).
 * Resolves once it listens, with `startMs` the time from spawn to listening.
 */
export async function startServer({ cert, vaultPath = 'memory', env = {}, nodeOptions = [] }) {
  const ports = { api: await freePort(), metrics: await freePort() };
  const args = [
    ...nodeOptions,
    '--import',
    PROBE,
    MAIN_JS,
    ...['-vaultpath', vaultPath, '-addr', `127.0.0.1:${ports.api}`],
    ...['-metrics-host', '127.0.0.1', '-metrics-port', String(ports.metrics)],
    ...['-certs', cert.certPath, '-keys', cert.keyPath],
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'info', ...SERVER_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // The request log is drained, never kept.
  child.stdout.resume();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitForListening(child, ports, exited);
  const startMs = performance.now() - started;
  return makeHandle(child, ports, startMs, exited);
}

function makeHandle(child, ports, startMs, exited) {
  let nextId = 0;
  const askProbe = (probe) =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (message) => {
        if (message?.id !== id) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ probe, id });
    });

  return {
    pid: child.pid,
    port: ports.api,
    metricsPort: ports.metrics,
    startMs,
    call: (path, body) => callJson(ports.api, path, body),
    /** Starts a measurement window: event-loop histogram, peak RSS and CPU time. */
    async beginWindow() {
      await askProbe('reset');
      // Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS.
      writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
      return { cpu: cpuSplit(child.pid), at: performance.now() };
    },
    async endWindow(window) {
      const delay = await askProbe('read');
      const seconds = (performance.now() - window.at) / 1000;
      const cpu = cpuSplit(child.pid);
      return {
        cpuSeconds: cpu.total - window.cpu.total,
        loopCpuSeconds: cpu.loop - window.cpu.loop,
        loopDelayP50Ms: delay.p50,
        loopDelayP99Ms: delay.p99,
        loopDelayMaxMs: delay.max,
        peakRssMiB: procStatusKib(child.pid, 'VmHWM') / 1024,
        rssMiB: procStatusKib(child.pid, 'VmRSS') / 1024,
        cpuCores: (cpu.total - window.cpu.total) / seconds,
      };
    },
    rssMiB: () => procStatusKib(child.pid, 'VmRSS') / 1024,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** POSTs `body` (an object, or a ready JSON string/Buffer) and parses the JSON reply. */
export function callJson(port, path, body) {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(new Error(`${path}: reply is not JSON (${response.statusCode})`, { cause: error }));
          }
        });
      },
    );
    request.once('error', reject);
    request.end(payload);
  });
}

/** Calls an endpoint and throws unless it answers Status "ok". */
export async function callOk(server, path, body) {
  const reply = await server.call(path, body);
  if (reply.Status !== 'ok') throw new Error(`${path} answered ${JSON.stringify(reply.Status)}`);
  return reply;
}
