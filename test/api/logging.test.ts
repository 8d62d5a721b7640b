/**
 * One structured line per request, and no secret from a whole session in any
 * log line: passwords, plaintext, blobs, keys.
 */
import { describe, expect, it } from 'vitest';

import { startTestApp } from '../support/app.js';

describe('request logging', () => {
  it('logs endpoint, user, outcome and duration, and never a secret', async () => {
    const t = await startTestApp();
    const secrets = {
      alice: 'alice-super-secret-pw',
      bob: 'bob-hunter2-password',
      carol: 'carol-ecc-passphrase',
      newBob: 'bob-brand-new-password',
      plaintext: 'launch codes 0000-1111-2222',
    };
    const plaintextB64 = Buffer.from(secrets.plaintext).toString('base64');

    await t.call('/create', { Name: 'Alice', Password: secrets.alice });
    await t.call('/create-user', { Name: 'Bob', Password: secrets.bob });
    await t.call('/create-user', { Name: 'Carol', Password: secrets.carol, UserType: 'ecc' });
    await t.call('/delegate', { Name: 'Bob', Password: secrets.bob, Uses: 2, Time: '1h' });
    await t.call('/delegate', { Name: 'Carol', Password: secrets.carol, Uses: 2, Time: '1h' });
    const blob = (await t.call('/encrypt', { Name: 'Alice', Password: secrets.alice, Minimum: 2, Owners: ['Bob', 'Carol'], Data: plaintextB64 })).Response;
    const decrypted = await t.call('/decrypt', { Name: 'Alice', Password: secrets.alice, Data: blob });
    expect(decrypted.Status).toBe('ok');
    await t.call('/decrypt', { Name: 'Alice', Password: 'wrong-' + secrets.alice, Data: blob });
    await t.call('/password', { Name: 'Bob', Password: secrets.bob, NewPassword: secrets.newBob });
    const exported = (await t.call('/export', { Name: 'Alice', Password: secrets.alice })).Response;

    const requestLines = t.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requestLines).toHaveLength(10);
    expect(requestLines[5]).toMatchObject({ endpoint: '/encrypt', user: 'Alice', outcome: 'ok', httpStatus: 200 });
    expect(requestLines[7]).toMatchObject({ endpoint: '/decrypt', user: 'Alice', outcome: 'ERR_WRONG_PASSWORD' });
    expect(typeof requestLines[6].ms).toBe('number');

    const everything = t.logLines.join('\n');
    const forbidden = [
      ...Object.values(secrets),
      plaintextB64,
      blob.slice(0, 40),
      decrypted.Response.slice(0, 40),
      exported.slice(0, 40),
      Buffer.from(secrets.plaintext).toString('hex'),
    ];
    for (const secret of forbidden) expect(everything).not.toContain(secret);
  });
});

describe('a huge name', () => {
  it('is logged cut short, with its length', async () => {
    const t = await startTestApp();
    const name = 'x'.repeat(1_000_000);
    expect((await t.call('/summary', { Name: name, Password: 'p' })).Status).toBe('vault has not been created');
    const line = t.logLines.map((text) => JSON.parse(text)).find((entry) => entry.msg === 'request');
    expect(line.user).toBe(`${'x'.repeat(256)}…(1000000 characters)`);
    expect(Math.max(...t.logLines.map((text) => text.length))).toBeLessThan(2000);
  });
});
