/**
 * The vault file: read as the original writes it, written atomically with
 * mode 0600, and never ahead of (or behind) what the server holds in memory.
 */
import { createCipheriv, scryptSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { Vault, VaultLoadError } from '../../src/vault/vault.js';
import { FileVaultStore } from '../../src/vault/vault-store.js';
import { startTestApp } from '../support/app.js';
import { readFixture, readFixtureJson } from '../support/fixtures.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function vaultDirWith(fixture?: string): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ro-vault-'));
  const path = join(dir, 'vault.json');
  if (fixture) await writeFile(path, readFixture(fixture), { mode: 0o644 });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { dir, path };
}

/** Seals an RSA key into a vault record by hand, following SPEC section 3 with node:crypto only. */
function handSealedRecord(password: string, key: { n: string; e: number; d: string; p: string; q: string }) {
  const passwordSalt = Buffer.alloc(16, 1);
  const keySalt = Buffer.alloc(16, 2);
  const scrypt = (salt: Buffer) => scryptSync(password, salt, 16, { N: 16384, r: 8, p: 1, maxmem: 64 << 20 });
  const passKey = scrypt(keySalt);
  const seal = (hex: string, ivByte: number) => {
    const plain = Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
    const padLength = 16 - (plain.length % 16);
    const padded = Buffer.concat([plain, Buffer.alloc(padLength - 1), Buffer.of(padLength)]);
    const iv = Buffer.alloc(16, ivByte);
    const cipher = createCipheriv('aes-128-cbc', passKey, iv).setAutoPadding(false);
    return [Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64'), iv.toString('base64')];
  };
  const [exp, expIv] = seal(key.d, 3);
  const [primeP, primePIv] = seal(key.p, 4);
  const [primeQ, primeQIv] = seal(key.q, 5);
  return (
    `{"Type":"RSA","PasswordSalt":"${passwordSalt.toString('base64')}",` +
    `"HashedPassword":"${scrypt(passwordSalt).toString('base64')}","KeySalt":"${keySalt.toString('base64')}",` +
    `"RSAKey":{"RSAExp":"${exp}","RSAExpIV":"${expIv}","RSAPrimeP":"${primeP}","RSAPrimePIV":"${primePIv}",` +
    `"RSAPrimeQ":"${primeQ}","RSAPrimeQIV":"${primeQIv}","RSAPublic":{"N":${BigInt('0x' + key.n)},"E":${key.e}}},` +
    `"ECKey":{"ECPriv":null,"ECPrivIV":null,"ECPublic":{"Curve":null,"X":null,"Y":null}},"AltNames":{},"Admin":false}`
  );
}

describe('vault file', () => {
  it('exports the reference vault byte for byte, as the original did', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const reply = await t.call('/export', ALICE);
    const exported = Buffer.from(reply.Response, 'base64');
    expect(exported.equals(readFixture('vault.json'))).toBe(true);
    expect(reply).toEqual(readFixtureJson('export.json').response);
  });

  it('writes atomically with mode 0600 and keeps other records byte for byte', async () => {
    const { dir, path } = await vaultDirWith('vault.json');
    const t = await startTestApp({ store: new FileVaultStore(path) });
    expect((await t.call('/create-user', { Name: 'Zoe', Password: 'z', UserType: 'ECC' })).Status).toBe('ok');

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['vault.json']);
    const written = (await readFile(path, 'utf8'));
    const original = readFixture('vault.json').toString('utf8');
    const bobRecord = /"Bob":\{.*?"Admin":false\}/.exec(original)![0];
    expect(written).toContain(bobRecord);
    expect(written).toMatch(/"N":\d{600,}/);
    expect(Object.keys(JSON.parse(written).Passwords)).toContain('Zoe');
  });

  it('loads an RSA key whose private exponent is shorter than 256 bytes', async () => {
    const key = JSON.parse(await readFile(new URL('../vectors/rsa-short-exponent.json', import.meta.url), 'utf8'));
    expect(key.d.length).toBeLessThan(512);
    const text = readFixture('vault.json').toString('utf8');
    const withShorty = text.replace('"Passwords":{', `"Passwords":{"Shorty":${handSealedRecord('short', key)},`);
    const { path } = await vaultDirWith();
    await writeFile(path, withShorty);

    const t = await startTestApp({ store: new FileVaultStore(path) });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Shorty'], Data: 'c2hvcnQ=' })).Response;
    expect((await t.call('/delegate', { Name: 'Shorty', Password: 'short', Uses: 1, Time: '1h' })).Status).toBe('ok');
    const reply = await t.callDecoded('/decrypt', { ...ALICE, Data: blob });
    expect(Buffer.from(reply.decoded.Data, 'base64').toString()).toBe('short');
  });

  it('refuses to open a corrupt vault, naming the file and the problem', async () => {
    const { path } = await vaultDirWith();
    await writeFile(path, '{"Version":1,');
    await expect(Vault.open(new FileVaultStore(path))).rejects.toThrow(VaultLoadError);
    await expect(Vault.open(new FileVaultStore(path))).rejects.toThrow(`cannot load vault ${path}: not valid JSON`);

    const carolIv = readFixtureJson('vault.json').Passwords.Carol.RSAKey.RSAPrimeQIV;
    await writeFile(path, readFixture('vault.json').toString().replace(`"RSAPrimeQIV":"${carolIv}"`, '"RSAPrimeQIV":"AAAA"'));
    await expect(Vault.open(new FileVaultStore(path))).rejects.toThrow(/user "Carol": RSAKey.RSAPrimeQIV must be 16 bytes/);
  });

  it('fails a mutation it cannot write, and keeps memory as it was', async () => {
    const { path } = await vaultDirWith('vault.json');
    // A store whose disk is full: every save fails after the file was read.
    class FullDiskStore extends FileVaultStore {
      override async save(): Promise<void> {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      }
    }
    const t = await startTestApp({ store: new FullDiskStore(path) });
    const reply = await t.call('/create-user', { Name: 'Nope', Password: 'n' });
    expect(reply.Status).toBe('vault could not be saved; nothing was changed');
    expect(t.services.vault.hasUser('Nope')).toBe(false);
    expect((await t.call('/modify', { ...ALICE, ToModify: 'Bob', Command: 'admin' })).Status).toBe(
      'vault could not be saved; nothing was changed',
    );
    expect(t.services.vault.summary().get('Bob')!.admin).toBe(false);
    expect((await readFile(path)).equals(readFixture('vault.json'))).toBe(true);
  });

  it('makes exactly one admin when two /create calls race', async () => {
    const t = await startTestApp();
    const replies = await Promise.all([
      t.call('/create', { Name: 'First', Password: 'a' }),
      t.call('/create', { Name: 'Second', Password: 'b' }),
    ]);
    expect(replies.map((reply) => reply.Status).sort()).toEqual(['Vault is already created', 'ok']);
    expect(t.services.vault.userCount).toBe(1);
  });
});

describe('/password', () => {
  it('checks the current password even when NewPassword is empty (the original did not)', async () => {
    const { path } = await vaultDirWith('vault.json');
    const t = await startTestApp({ store: new FileVaultStore(path) });
    const reply = await t.call('/password', { Name: 'Bob', Password: 'wrong', NewPassword: '' });
    expect(reply.Status).toBe('Wrong Password');
    expect((await readFile(path)).equals(readFixture('vault.json'))).toBe(true);
  });

  it('reseals the same key, so old blobs open with the new password', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Erin'], Data: 'b2xk' })).Response;
    const change = { Name: 'Erin', Password: 'erin-p256', NewPassword: 'erin-new' };
    expect((await t.call('/password', change)).Status).toBe('ok');
    expect((await t.call('/summary', { Name: 'Erin', Password: 'erin-p256' })).Status).toBe('Wrong Password');
    expect((await t.call('/delegate', { Name: 'Erin', Password: 'erin-new', Uses: 1, Time: '1h' })).Status).toBe('ok');
    const reply = await t.callDecoded('/decrypt', { ...ALICE, Data: blob });
    expect(Buffer.from(reply.decoded.Data, 'base64').toString()).toBe('old');
  });
});
