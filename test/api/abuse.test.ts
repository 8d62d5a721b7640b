/**
 * Holding up under abuse: failed logins are limited per user, per address and
 * per pair with a bounded backoff; requests are bounded in size; the scrypt
 * queue refuses work beyond its bound; unsigned legacy blobs are refused.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { configureScrypt, deriveKey } from '../../src/crypto/scrypt.js';
import { AuthGuard } from '../../src/http/auth-guard.js';
import { startTestApp } from '../support/app.js';
import { cases } from '../support/fixtures.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };

afterEach(() => configureScrypt({ concurrency: 4, maxQueued: 256 }));

describe('failed logins', () => {
  it('backs off a user and address after consecutive failures, before any scrypt', async () => {
    const guard = new AuthGuard({
      failuresPerAddress: 1000,
      failuresPerUser: 1000,
      userWindowSeconds: 60,
      consecutiveFailures: 3,
      maxBackoffSeconds: 300,
    });
    const t = await startTestApp({ vaultFixture: 'vault.json', guard });
    const wrong = { Name: 'Alice', Password: 'guess' };
    for (let i = 0; i < 3; i++) expect((await t.call('/summary', wrong)).Status).toBe('Wrong Password');

    const blocked = await t.app.inject({ method: 'POST', url: '/summary', payload: JSON.stringify(wrong) });
    expect(blocked.statusCode).toBe(429);
    expect(JSON.parse(blocked.body).Status).toMatch(/^too many failed attempts; try again in \d+s$/);
    // Even the right password waits out the backoff from this address...
    expect((await t.call('/summary', ALICE)).Status).toMatch(/^too many failed attempts/);
    // ...but the user is not locked out elsewhere: another address goes through.
    const elsewhere = await t.app.inject({ method: 'POST', url: '/summary', payload: JSON.stringify(ALICE), remoteAddress: '10.9.8.7' });
    expect(JSON.parse(elsewhere.body).Status).toBe('ok');
    expect(t.logLines.some((line) => line.includes('"outcome":"ERR_TOO_MANY_ATTEMPTS"'))).toBe(true);
  });

  it('blocks an address that guesses across many user names, and counts unknown users', async () => {
    const guard = new AuthGuard({
      failuresPerAddress: 4,
      failuresPerUser: 1000,
      userWindowSeconds: 60,
      consecutiveFailures: 1000,
      maxBackoffSeconds: 300,
    });
    const t = await startTestApp({ vaultFixture: 'vault.json', guard });
    for (const name of ['Bob', 'Carol', 'Nobody', 'Dave']) {
      expect((await t.call('/summary', { Name: name, Password: 'guess' })).Status).not.toBe('ok');
    }
    expect((await t.call('/summary', { Name: 'Erin', Password: 'guess' })).Status).toMatch(/^too many failed attempts/);
  });

  it('bounds the lockout a stranger can inflict on a user', async () => {
    const guard = new AuthGuard({
      failuresPerAddress: 1000,
      failuresPerUser: 2,
      userWindowSeconds: 1,
      consecutiveFailures: 1000,
      maxBackoffSeconds: 300,
    });
    const t = await startTestApp({ vaultFixture: 'vault.json', guard });
    const fromStranger = (body: object) =>
      t.app.inject({ method: 'POST', url: '/summary', payload: JSON.stringify(body), remoteAddress: '10.0.0.66' });
    for (let i = 0; i < 3; i++) await fromStranger({ Name: 'Alice', Password: 'guess' });
    expect((await t.call('/summary', ALICE)).Status).toMatch(/^too many failed attempts; try again in 1s$/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.call('/summary', ALICE)).Status).toBe('ok');
  });
});

describe('request bounds', () => {
  it('refuses more list items than the limit', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const owners = Array.from({ length: 101 }, (_, i) => `Owner${i}`);
    const reply = await t.call('/encrypt', { ...ALICE, Minimum: 2, Owners: owners, Data: 'eA==' });
    expect(reply.Status).toBe('too many Owners (at most 100)');
  });

  it('answers busy instead of queueing scrypt work without bound', async () => {
    configureScrypt({ concurrency: 1, maxQueued: 1 });
    const salt = Buffer.alloc(16);
    const running = deriveKey('a', salt);
    const queued = deriveKey('b', salt);
    await expect(deriveKey('c', salt)).rejects.toThrow('too many key derivations waiting');
    await Promise.all([running, queued]);

    const t = await startTestApp({ vaultFixture: 'vault.json' });
    configureScrypt({ concurrency: 1, maxQueued: 0 });
    const replies = await Promise.all([t.call('/summary', ALICE), t.call('/summary', ALICE)]);
    expect(replies.map((reply) => reply.Status).sort()).toEqual(['ok', 'server busy; try again later']);
  });
});

describe('unknown users', () => {
  it('cost an scrypt like a wrong password, so timing does not tell which names exist', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    // With room for exactly one derivation, a second concurrent one is refused:
    // so an unknown name that is refused "busy" proves it ran an scrypt too.
    configureScrypt({ concurrency: 1, maxQueued: 0 });
    for (const name of ['Nobody', 'Alice']) {
      const replies = await Promise.all([
        t.call('/summary', { Name: name, Password: 'guess' }),
        t.call('/summary', { Name: name, Password: 'guess' }),
      ]);
      expect(replies.map((reply) => reply.Status)).toContain('server busy; try again later');
    }
  });
});

describe('legacy unsigned blobs', () => {
  const signedBlob = cases().find((testCase) => testCase.id === 'min1-single-rsa')!.blob;
  // The original's version 1 form is the inner object itself, with no outer signature.
  const outer = JSON.parse(Buffer.from(signedBlob, 'base64').toString());
  const unsigned = Buffer.from(Buffer.from(outer.Data, 'base64')).toString('base64');

  it('are refused by default', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    expect((await t.call('/owners', { Data: unsigned })).Status).toBe('unsigned (version 1) blobs are refused by this server');
  });

  it('open with Secure false when the operator accepts them', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json', acceptUnsignedBlobs: true });
    await t.call('/delegate', { Name: 'Bob', Password: "bob's secret phrase", Uses: 1, Time: '1h' });
    const reply = await t.callDecoded('/decrypt', { ...ALICE, Data: unsigned });
    expect(reply.decoded.Secure).toBe(false);
    expect(reply.decoded.Data).toBe(cases().find((testCase) => testCase.id === 'min1-single-rsa')!.plaintext);
  });
});
