/**
 * The vault as an operator meets it: the file `-vaultpath` names, what a
 * restart keeps, what a damaged file does to startup, and `-vaultpath memory`.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { readFixture } from '../support/fixtures.js';
import {
  certificateFlags,
  cleanUp,
  decodeResponse,
  LOOPBACK_FLAGS,
  makeTempDir,
  runRedOctober,
  startRedOctober,
  type RedOctober,
} from './harness.js';

const ALICE = { Name: 'Alice', Password: 'alice-password' };
const BOB = { Name: 'Bob', Password: 'bob-password' };

async function startOnVault(folder: string, vaultPath: string) {
  const flags = await certificateFlags(folder);
  return startRedOctober(['-vaultpath', vaultPath, ...flags], { cwd: folder });
}

async function delegateAliceAndBob(server: RedOctober, uses: number): Promise<void> {
  for (const owner of [ALICE, BOB]) {
    const reply = await server.call('/delegate', { ...owner, Uses: uses, Time: '1h' });
    expect(reply.Status).toBe('ok');
  }
}

afterEach(cleanUp);

describe('vault file on disk', () => {
  it('is private to its owner and keeps the RSA modulus as a bare JSON integer', async () => {
    const folder = await makeTempDir();
    const vaultPath = join(folder, 'vault.json');
    const server = await startOnVault(folder, vaultPath);

    expect((await server.call('/create', ALICE)).Status).toBe('ok');

    expect((await stat(vaultPath)).mode & 0o777).toBe(0o600);
    const raw = await readFile(vaultPath, 'utf8');
    // A 2048-bit modulus has 617 decimal digits; as a string or a float it would not match.
    expect(raw).toMatch(/"N":\d{600,}[,}]/);
    const vault = JSON.parse(raw);
    expect(vault.Version).toBe(1);
    expect(Object.keys(vault.Passwords)).toEqual(['Alice']);
    expect(vault.Passwords.Alice).toMatchObject({ Type: 'RSA', Admin: true });
    expect(Buffer.from(vault.HmacKey, 'base64')).toHaveLength(16);
    // The temporary file of the atomic write is renamed away, not left beside the vault.
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('restart on the same vault', () => {
  it('exits cleanly on SIGTERM, then keeps the users and forgets the delegations', async () => {
    const folder = await makeTempDir();
    const vaultPath = join(folder, 'vault.json');
    const first = await startOnVault(folder, vaultPath);
    await first.call('/create', ALICE);
    expect((await first.call('/create-user', { ...BOB, UserType: 'ECC' })).Status).toBe('ok');
    await delegateAliceAndBob(first, 5);
    const request = { ...ALICE, Minimum: 2, Owners: ['Alice', 'Bob'], Data: 'c2VjcmV0' };
    const encrypted = await first.call('/encrypt', request);
    expect(encrypted.Status).toBe('ok');

    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.logs.some((line) => line.msg === 'shutting down')).toBe(true);

    const second = await startOnVault(folder, vaultPath);
    const summary = await second.call('/summary', ALICE);
    expect(summary.All).toEqual({
      Alice: { Admin: true, Type: 'RSA' },
      Bob: { Admin: false, Type: 'ECC' },
    });
    expect(summary.Live).toEqual({});
    const decryptRequest = { ...ALICE, Data: encrypted.Response };
    const refused = await second.call('/decrypt', decryptRequest);
    expect(refused.Status).toBe('need more delegated keys');

    // Same vault id and HMAC key: once both delegate again, the old blob opens.
    await delegateAliceAndBob(second, 1);
    const opened = decodeResponse(await second.call('/decrypt', decryptRequest));
    expect(Buffer.from(opened.Data, 'base64').toString()).toBe('secret');
  });
});

/** Starts on a damaged vault, which must fail before any listener opens. */
async function startOnDamagedVault(contents: string | Buffer) {
  const folder = await makeTempDir();
  const vaultPath = join(folder, 'vault.json');
  await writeFile(vaultPath, contents);
  const flags = await certificateFlags(folder);
  const args = [...LOOPBACK_FLAGS, '-vaultpath', vaultPath, ...flags];
  const run = await runRedOctober(args, { cwd: folder });

  expect(run.signal).toBeNull();
  expect(run.code).not.toBe(0);
  expect(run.stdout).not.toMatch(/listening/);
  // An operator's message, not a crash dump.
  expect(run.stderr).not.toMatch(/\n\s+at /);
  // Refusing to start must leave the operator's file as it was.
  expect(await readFile(vaultPath)).toEqual(Buffer.from(contents));
  return { vaultPath, stderr: run.stderr };
}

describe('damaged vault file', () => {
  it('stops the server at start when the file is cut short, naming the file', async () => {
    const { vaultPath, stderr } = await startOnDamagedVault('{"Version":1,');
    expect(stderr).toContain(vaultPath);
  });

  it('stops the server at start when a salt is 3 bytes, naming file, user and field', async () => {
    const original = readFixture('vault.json').toString('utf8');
    const damaged = original.replace(/("Bob":\{"Type":"RSA","PasswordSalt":")[^"]*"/, '$1AAAA"');
    expect(damaged).not.toBe(original);

    const { vaultPath, stderr } = await startOnDamagedVault(damaged);
    expect(stderr).toContain(vaultPath);
    expect(stderr).toContain('Bob');
    expect(stderr).toContain('PasswordSalt');
  });
});

describe('in-memory vault', () => {
  it('keeps users with -vaultpath memory and writes no file', async () => {
    const workDir = await makeTempDir();
    const flags = await certificateFlags(await makeTempDir());
    const server = await startRedOctober(['-vaultpath', 'memory', ...flags], { cwd: workDir });

    expect((await server.call('/create', ALICE)).Status).toBe('ok');
    const summary = await server.call('/summary', ALICE);
    expect(summary.All).toEqual({ Alice: { Admin: true, Type: 'RSA' } });
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(await readdir(workDir)).toEqual([]);

    const again = await startRedOctober(['-vaultpath', 'memory', ...flags], { cwd: workDir });
    expect((await again.call('/summary', ALICE)).Status).toBe('vault has not been created');
  });
});
