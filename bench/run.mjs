#!/usr/bin/env node
/**
 * `npm run bench`: drives the real HTTPS server (dist/, in-memory vault) with
 * autocannon, measures this machine's bounds in the same run, and prints each
 * workload as a fraction of its bound. See BENCHMARKS.md for what each figure
 * means and for a full run.
 *
 * Options (all optional):
 *   --duration=S        seconds per workload (default 8)
 *   --quick             short smoke run: 2 s workloads, fewer delegations and users
 *   --only=a,b          run only these workloads (names as printed)
 *   --no-scale          skip the 64 MiB, large-vault and many-delegation checks
 *   --server-env=K=V    extra environment for the server (repeatable), e.g. UV_THREADPOOL_SIZE=2
 *   --node-option=X     extra node option for the server (repeatable)
 *   --cpu-prof=DIR      write a CPU profile of the main server into DIR (read it with
 *                       `node bench/profile-top.mjs DIR/*.cpuprofile`)
 *   --json=FILE         also write every figure as JSON
 */
import { rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { byteSeconds, formatWork, measureBareRoute, measureByteRates, wireMiB } from './lib/bounds.mjs';
import { measureScryptLatency, measureScryptRate } from './lib/bounds.mjs';
import { makeCertificate } from './lib/certificate.mjs';
import { ADMIN, DELEGATORS, decryptBody, encryptBody, fiveOfNineBody, makeBlob, prepareNine, prepareUsers } from './lib/fixtures.mjs';
import { describeMachine, loadAverage } from './lib/machine.mjs';
import { measureMixed, measureProbeDuring, measureWorkload } from './lib/load.mjs';
import { printReport } from './lib/report.mjs';
import { exportVault, measureLargeVault, sequentialMs } from './lib/scale.mjs';
import { callOk, SERVER_ENV, startServer } from './lib/server.mjs';

const MiB = 1024 * 1024;

function readOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-scale': { type: 'boolean', default: false },
      'server-env': { type: 'string', multiple: true, default: [] },
      'node-option': { type: 'string', multiple: true, default: [] },
      'cpu-prof': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const quick = values.quick;
  const env = Object.fromEntries(values['server-env'].map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
  const nodeOptions = [...values['node-option']];
  if (values['cpu-prof']) nodeOptions.push('--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`);
  return {
    duration: Number(values.duration ?? (quick ? 2 : 8)),
    warmup: quick ? 0.5 : 1,
    delegations: quick ? 100 : 1000,
    largeVaultUsers: quick ? 2000 : 10_000,
    bigRequests: quick ? 1 : 3,
    only: values.only ? new Set(values.only.split(',')) : null,
    wants(name) {
      return this.only === null || this.only.has(name);
    },
    scale: !values['no-scale'],
    server: { env, nodeOptions },
    json: values.json,
  };
}

/** The workloads on the main server, in order; each returns its autocannon settings. */
function mainWorkloads(fixtures, options) {
  const { duration, warmup } = options;
  let slot = 0;
  let newUser = 0;
  const delegateRequest = (user) => ({
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify({ Name: user.Name, Password: user.Password, Uses: 5, Time: '2h', Slot: `s${++slot}` }),
    }),
  });
  return [
    { name: 'owners', path: '/owners', body: JSON.stringify({ Data: fixtures.blob256 }), duration, warmupSeconds: warmup },
    { name: 'summary', path: '/summary', body: JSON.stringify(ADMIN), duration, warmupSeconds: warmup },
    { name: 'encrypt 256 B', path: '/encrypt', body: encryptBody(256), duration, warmupSeconds: warmup },
    { name: 'decrypt 256 B', path: '/decrypt', body: decryptBody(fixtures.blob256), duration, warmupSeconds: warmup },
    { name: 'encrypt 1 MiB', path: '/encrypt', body: encryptBody(MiB), duration, warmupSeconds: warmup },
    { name: 'decrypt 1 MiB', path: '/decrypt', body: decryptBody(fixtures.blob1M), duration, warmupSeconds: warmup },
    {
      name: 'create-user',
      path: '/create-user',
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ Name: `new${++newUser}`, Password: 'new-password', UserType: 'RSA' }),
          }),
        },
      ],
      duration,
    },
    // Every request adds a delegation in a new slot, which builds the live set
    // that "/summary with many delegations" needs.
    { name: 'delegate', path: '/delegate', requests: DELEGATORS.map(delegateRequest), amount: options.delegations },
  ];
}

/** Sequential /encrypt and /decrypt latency of a 5-of-9 threshold predicate (issue 3). */
async function measureFiveOfNine(server) {
  await prepareNine(server);
  const blob = (await callOk(server, '/encrypt', fiveOfNineBody())).Response;
  return {
    encryptMs: await sequentialMs(server, '/encrypt', fiveOfNineBody, 10),
    decryptMs: await sequentialMs(server, '/decrypt', () => decryptBody(blob), 10),
  };
}

async function measureBounds(cert, owners, options) {
  console.error(`bounds (load average ${loadAverage()})`);
  const scryptMs = measureScryptLatency();
  const scrypt = await measureScryptRate(Math.max(3, options.duration / 2));
  const bytes = measureByteRates();
  const bare = await measureBareRoute(cert, owners, options.duration, options.warmup);
  return { scryptMs, scryptPerSecond: scrypt.perSecond, scryptCpuMs: scrypt.cpuMs, bytes, bare };
}

/** The main server: fixtures, then the bounds (while it idles), then its workloads. */
async function runMainServer(cert, options) {
  const server = await startServer({ cert, ...options.server });
  try {
    await prepareUsers(server);
    const fixtures = { blob256: await makeBlob(server, 256), blob1M: await makeBlob(server, MiB) };
    const bounds = await measureBounds(cert, JSON.stringify({ Data: fixtures.blob256 }), options);
    const results = {};
    const extra = {};
    extra.summarySequentialMs = await sequentialMs(server, '/summary', () => ADMIN, 10);
    if (options.wants('predicate')) extra.fiveOfNine = await measureFiveOfNine(server);
    // The machine's neighbours come and go: each workload that scrypt bounds is
    // compared with a scrypt rate measured just before it, while the server idles.
    bounds.scryptNextTo = {};
    for (const workload of mainWorkloads(fixtures, options)) {
      if (!options.wants(workload.name)) continue;
      if (workload.name !== 'owners') {
        const scrypt = await measureScryptRate(Math.max(3, options.duration / 2));
        bounds.scryptNextTo[workload.name] = { perSecond: scrypt.perSecond, cpuMs: scrypt.cpuMs };
      }
      console.error(`${workload.name} (load average ${loadAverage()})`);
      results[workload.name] = await measureWorkload(server, workload);
    }
    if (options.wants('mixed')) {
      console.error(`mixed (load average ${loadAverage()})`);
      extra.mixed = await measureMixed(
        server,
        { path: '/summary', body: JSON.stringify(ADMIN), duration: options.duration },
        { path: '/owners', body: JSON.stringify({ Data: fixtures.blob256 }) },
      );
    }
    if (results.delegate) {
      extra.liveDelegations = (await server.call('/summary', ADMIN)).Live;
      extra.liveDelegations = Object.keys(extra.liveDelegations ?? {}).length;
      extra.summaryManyDelegationsMs = await sequentialMs(server, '/summary', () => ADMIN, 10);
    }
    extra.vaultText = await exportVault(server);
    return { bounds, results, extra };
  } finally {
    await server.stop();
  }
}

/** 64 MiB on a fresh server, one request at a time, so its peak RSS is this payload's alone. */
async function runLargePayloads(cert, options) {
  const server = await startServer({ cert, ...options.server });
  try {
    await prepareUsers(server);
    const idleRssMiB = server.rssMiB();
    const plainBody = encryptBody(64 * MiB);
    const results = {};
    if (options.wants('encrypt 64 MiB')) {
      results['encrypt 64 MiB'] = await measureWorkload(server, {
        path: '/encrypt', body: plainBody, connections: 1, amount: options.bigRequests,
      });
    }
    let probe;
    if (options.wants('decrypt 64 MiB')) {
      const blob = await makeBlob(server, 64 * MiB);
      const body = decryptBody(blob);
      results['decrypt 64 MiB'] = await measureWorkload(server, {
        path: '/decrypt', body, connections: 1, amount: options.bigRequests,
      });
      probe = await measureProbeDuring(
        server,
        { path: '/decrypt', body, amount: options.bigRequests },
        { path: '/owners', body: JSON.stringify({ Data: await makeBlob(server, 256) }) },
      );
    }
    return { idleRssMiB, results, probe };
  } finally {
    await server.stop();
  }
}

/**
 * Each workload's bound in requests per second, and the CPU a request cannot
 * avoid (`floorCpuMs`: its scrypt calls, its format's AES and base64 work, or a
 * bare route's request), which does not depend on what else the machine runs.
 */
function boundsFor(bounds, machine, results) {
  const out = {};
  for (const [name, result] of Object.entries(results)) {
    const [endpoint, amount, unit] = name.split(' ');
    const scrypt = bounds.scryptNextTo?.[name] ?? { perSecond: bounds.scryptPerSecond, cpuMs: bounds.scryptCpuMs };
    const scryptCoreSeconds = machine.cpus / scrypt.perSecond;
    if (name === 'owners') {
      out[name] = { bound: bounds.bare.requestsPerSecond, of: 'bare route', floorCpuMs: bounds.bare.cpuMsPerRequest };
    } else if (name === 'delegate' || name === 'create-user') {
      out[name] = { bound: scrypt.perSecond / 2, of: 'scrypt/s ÷ 2', floorCpuMs: 2 * scrypt.cpuMs };
    } else if (unit === 'MiB') {
      const cores = Math.min(machine.cpus, result.connections);
      const seconds = byteSeconds(formatWork(endpoint, Number(amount) * MiB), bounds.bytes);
      // One request at a time cannot overlap its scrypt with another's bytes.
      const scryptSeconds = cores === 1 ? bounds.scryptMs / 1000 : scryptCoreSeconds;
      const { requestMiB, replyMiB } = wireMiB(endpoint, Number(amount) * MiB);
      const { receiveMsPerMiB, sendMsPerMiB } = bounds.bare.tls;
      const tlsSeconds = (requestMiB * receiveMsPerMiB + replyMiB * sendMsPerMiB) / 1000;
      out[name] = {
        bound: cores / seconds,
        of: `AES+base64, ${cores} core${cores > 1 ? 's' : ''}`,
        withScrypt: cores / (seconds + scryptSeconds),
        withTls: cores / (seconds + scryptSeconds + tlsSeconds),
        floorCpuMs: (seconds * 1000) + scrypt.cpuMs,
      };
    } else {
      out[name] = { bound: scrypt.perSecond, of: 'scrypt/s', floorCpuMs: scrypt.cpuMs };
    }
  }
  return out;
}

async function main() {
  const options = readOptions();
  const machine = describeMachine();
  const cert = await makeCertificate();
  const startedLoad = loadAverage();
  try {
    const main = await runMainServer(cert, options);
    const bounds = main.bounds;
    const results = { ...main.results };
    let large = null;
    let vault = null;
    if (options.scale && (options.wants('encrypt 64 MiB') || options.wants('decrypt 64 MiB'))) {
      console.error(`64 MiB (load average ${loadAverage()})`);
      large = await runLargePayloads(cert, options);
      Object.assign(results, large.results);
    }
    if (options.scale && options.wants('large vault')) {
      console.error(`large vault (load average ${loadAverage()})`);
      vault = await measureLargeVault(cert, main.extra.vaultText, { count: options.largeVaultUsers });
    }
    const report = {
      machine,
      loadAverage: { start: startedLoad, end: loadAverage() },
      options: { duration: options.duration, server: { ...options.server, env: { ...SERVER_ENV, ...options.server.env } } },
      bounds,
      results,
      fractions: boundsFor(bounds, machine, results),
      extra: { ...main.extra, vaultText: undefined, large64IdleRssMiB: large?.idleRssMiB, probe64: large?.probe, vault },
    };
    printReport(report);
    if (options.json) await writeFile(options.json, JSON.stringify(report, null, 2));
  } finally {
    await rm(cert.folder, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
