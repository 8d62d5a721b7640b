/**
 * The hardware bounds each workload is compared with, measured in this run on
 * this machine: scrypt derivations per second with every core busy, AES-128-CBC
 * and base64 throughput on one core, and a bare Fastify route over the same TLS.
 */
import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes, scrypt, scryptSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import { runAutocannon } from './load.mjs';
import { cpuSplit } from './server.mjs';

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const BARE_SERVER = fileURLToPath(new URL('../bare-server.mjs', import.meta.url));

/** Time of one scrypt on an idle core (best of a few), in ms. */
export function measureScryptLatency(runs = 5) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    scryptSync('password', randomBytes(16), 16, SCRYPT);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Derivations per second with `inFlight` always running on libuv's pool (four
 * threads unless UV_THREADPOOL_SIZE says otherwise), which keeps every core
 * busy, and the CPU each one took (which other load on the machine does not change).
 */
export async function measureScryptRate(seconds, inFlight = 4 * availableParallelism()) {
  const cpuBefore = process.cpuUsage();
  const salt = randomBytes(16);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await new Promise((resolve, reject) =>
        scrypt('password', salt, 16, SCRYPT, (error) => (error ? reject(error) : resolve())),
      );
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    perSecond: done / ((performance.now() - start) / 1000),
    cpuMs: (cpu.user + cpu.system) / 1000 / done,
  };
}

/** Best rate of `work` over a few passes, in MiB/s of `bytes`. */
function bestRate(bytes, work, passes = 5) {
  let best = Infinity;
  for (let i = 0; i < passes; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return bytes / (1024 * 1024) / (best / 1000);
}

/**
 * Single-core throughputs in MiB/s (of plaintext for AES, of raw bytes for
 * base64, whichever way it runs), on a 64 MiB buffer.
 */
export function measureByteRates() {
  const size = 64 * 1024 * 1024;
  const data = randomBytes(size);
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const encrypted = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false).update(data);
  const text = data.toString('base64');
  return {
    aesEncrypt: bestRate(size, () =>
      createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false).update(data),
    ),
    aesDecrypt: bestRate(size, () =>
      createDecipheriv('aes-128-cbc', key, iv).setAutoPadding(false).update(encrypted),
    ),
    base64Encode: bestRate(size, () => data.toString('base64')),
    base64Decode: bestRate(size, () => Buffer.from(text, 'base64')),
  };
}

function startBareServer(cert) {
  const child = spawn(process.execPath, [BARE_SERVER, cert.certPath, cert.keyPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line) => resolve({ child, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
}

/**
 * Requests per second of a bare Fastify HTTPS route, sent `body` as /owners is,
 * and what TLS alone costs the server per MiB received and sent.
 */
export async function measureBareRoute(cert, body, duration, warmupSeconds) {
  const { child, port } = await startBareServer(cert);
  try {
    const url = `https://127.0.0.1:${port}/bare`;
    await runAutocannon({ url, body, connections: 8, duration: warmupSeconds });
    const cpuBefore = cpuSplit(child.pid).total;
    const result = await runAutocannon({ url, body, connections: 8, duration });
    const ok = result['2xx'] - result.mismatches;
    return {
      requestsPerSecond: ok / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      cpuMsPerRequest: ((cpuSplit(child.pid).total - cpuBefore) * 1000) / ok,
      tls: await measureTlsTransfer(child.pid, port),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Server CPU ms per MiB that TLS moves in and out, one 64 MiB transfer at a time (best of three). */
async function measureTlsTransfer(pid, port) {
  const mib = 64;
  const upload = Buffer.alloc(mib * 1024 * 1024, 0x41);
  const cpuMsPerMiB = async (transfer) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const before = cpuSplit(pid).total;
      await transfer();
      best = Math.min(best, ((cpuSplit(pid).total - before) * 1000) / mib);
    }
    return best;
  };
  const url = `https://127.0.0.1:${port}`;
  const receiveMs = await cpuMsPerMiB(() =>
    runAutocannon({
      url: `${url}/sink`,
      body: upload,
      headers: { 'content-type': 'application/octet-stream' },
      connections: 1,
      amount: 1,
    }),
  );
  const sendMs = await cpuMsPerMiB(() =>
    runAutocannon({ url: `${url}/source?mib=${mib}`, method: 'GET', connections: 1, amount: 1, verifyBody: () => true }),
  );
  return { receiveMsPerMiB: receiveMs, sendMsPerMiB: sendMs };
}

/**
 * Raw bytes through AES and base64 that the wire format forces on one request
 * of `size` plaintext bytes. A blob nests base64 three deep: ciphertext in the
 * inner JSON (x4/3), the inner JSON in the outer one (x4/3 again), and the
 * outer blob in the reply's Response (x4/3 again).
 */
export function formatWork(endpoint, size) {
  const b64 = (bytes) => (bytes * 4) / 3;
  const inner = b64(size);
  const outer = b64(inner);
  if (endpoint === 'encrypt') {
    return { aesEncrypt: size, aesDecrypt: 0, base64Decode: size, base64Encode: size + inner + outer };
  }
  return { aesEncrypt: 0, aesDecrypt: size, base64Decode: outer + inner + size, base64Encode: size + inner };
}

/** Bytes of a request and of its reply (MiB) on the wire for `size` plaintext bytes. */
export function wireMiB(endpoint, size) {
  const b64 = (bytes) => (bytes * 4) / 3;
  const blob = b64(b64(size));
  const mib = 1024 * 1024;
  return endpoint === 'encrypt'
    ? { requestMiB: b64(size) / mib, replyMiB: b64(blob) / mib }
    : { requestMiB: b64(blob) / mib, replyMiB: b64(b64(size)) / mib };
}

/** Seconds of one core that `work` takes at the measured `rates` (MiB/s). */
export function byteSeconds(work, rates) {
  const mib = 1024 * 1024;
  return Object.entries(work).reduce((sum, [kind, bytes]) => sum + bytes / mib / rates[kind], 0);
}
