/**
 * Scale checks: how long a vault of many users takes to load (spawn until the
 * server listens), and what a large vault costs the requests that walk it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseVault, serializeVault } from '../../dist/vault/vault-codec.js';

import { ADMIN } from './fixtures.mjs';
import { callOk, startServer } from './server.mjs';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The server's vault with `count` extra users, each a copy of `template`'s
 * record. Load time does not depend on the keys being distinct.
 */
export async function exportVault(server) {
  const reply = await callOk(server, '/export', ADMIN);
  return Buffer.from(reply.Response, 'base64').toString('utf8');
}

function inflateVault(vaultText, template, count) {
  const vault = parseVault(vaultText);
  const records = new Map(vault.records);
  const record = records.get(template);
  for (let i = 0; i < count; i++) records.set(`user${String(i).padStart(5, '0')}`, record);
  return serializeVault({ ...vault, records }).toString('utf8');
}

async function timeStarts(cert, vaultPath, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const server = await startServer({ cert, vaultPath });
    times.push(server.startMs);
    await server.stop();
  }
  return median(times);
}

/** Sequential latency (median of `runs`) of one request, in ms. */
export async function sequentialMs(server, path, makeBody, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const body = makeBody(i);
    const start = performance.now();
    await callOk(server, path, body);
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Start time of a server whose vault holds `vaultText` as is and with `count`
 * more users, then /summary and /create-user latency on the large vault.
 */
export async function measureLargeVault(cert, vaultText, { count = 10_000, runs = 3 } = {}) {
  const folder = await mkdtemp(join(tmpdir(), 'redoctober-bench-'));
  try {
    const smallPath = join(folder, 'small.json');
    const largePath = join(folder, 'large.json');
    const large = inflateVault(vaultText, 'alice', count);
    await writeFile(smallPath, vaultText, { mode: 0o600 });
    await writeFile(largePath, large, { mode: 0o600 });

    const smallStartMs = await timeStarts(cert, smallPath, runs);
    const largeStartMs = await timeStarts(cert, largePath, runs);
    const server = await startServer({ cert, vaultPath: largePath });
    try {
      const summaryMs = await sequentialMs(server, '/summary', () => ADMIN, 5);
      const createUserMs = await sequentialMs(
        server,
        '/create-user',
        (i) => ({ Name: `late${i}`, Password: 'late-password', UserType: 'ECC' }),
        3,
      );
      return {
        users: count,
        vaultMiB: Buffer.byteLength(large) / 1024 / 1024,
        smallStartMs,
        largeStartMs,
        loadMs: largeStartMs - smallStartMs,
        summaryMs,
        createUserMs,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
