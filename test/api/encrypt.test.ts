/**
 * /encrypt and /re-encrypt: blobs ours writes follow the original's format
 * exactly (so the original can open them), and our fixes to the access
 * structures hold.
 */
import { describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/app.js';
import { decodeOuter, expectedInnerSignature, hmacSha1 } from '../support/blob.js';
import { cases, readFixtureJson } from '../support/fixtures.js';

const vault = readFixtureJson('vault.json');
const HMAC_KEY = Buffer.from(vault.HmacKey, 'base64');
const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const CAROL = { Name: 'Carol', Password: 'c4r0l!' };
const ERIN = { Name: 'Erin', Password: 'erin-p256' };
const FRANK = { Name: 'Frank', Password: 'frank_ecc_2' };

async function encrypt(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const reply = await t.call('/encrypt', { ...ALICE, ...body });
  expect(reply.Status).toBe('ok');
  return reply.Response;
}

async function decryptAs(t: TestApp, blob: string, as = ALICE) {
  return t.callDecoded('/decrypt', { ...as, Data: blob });
}

async function delegate(t: TestApp, who: { Name: string; Password: string }, extra: Record<string, unknown> = {}) {
  expect((await t.call('/delegate', { ...who, Uses: 1, Time: '1h', ...extra })).Status).toBe('ok');
}

describe('/encrypt blob format', () => {
  it('writes the outer and inner objects field by field as SPEC section 5 says', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const plaintext = Buffer.from('field by field');
    const blob = await encrypt(t, {
      Minimum: 2,
      Owners: ['Erin', 'Bob', 'Carol'],
      Data: plaintext.toString('base64'),
      Labels: ['zeta', 'Alpha', 'é', 'beta'],
      Usages: ['decrypt'],
    });

    const outer = decodeOuter(blob);
    expect(outer.keys).toEqual(['Version', 'Data', 'Signature']);
    expect(outer.version).toBe(-1);
    expect(outer.signature.equals(hmacSha1(HMAC_KEY, [outer.data]))).toBe(true);

    const inner = JSON.parse(outer.data.toString('utf8'));
    expect(Object.keys(inner)).toEqual(['Version', 'VaultId', 'Labels', 'Usages', 'KeySet', 'KeySetRSA', 'IV', 'Data', 'Signature']);
    expect(inner.Version).toBe(1);
    expect(inner.VaultId).toBe(vault.VaultId);
    expect(inner.Labels).toEqual(['Alpha', 'beta', 'zeta', 'é']);
    expect(inner.Usages).toEqual(['decrypt']);
    expect(inner.KeySet.map((entry: { Name: string[] }) => entry.Name)).toEqual([
      ['Bob', 'Carol'],
      ['Erin', 'Bob'],
      ['Erin', 'Carol'],
    ]);
    for (const entry of inner.KeySet) expect(Buffer.from(entry.Key, 'base64').length).toBe(16);
    expect(Object.keys(inner.KeySetRSA)).toEqual(['Bob', 'Carol', 'Erin']);
    expect(Buffer.from(inner.KeySetRSA.Bob.Key, 'base64').length).toBe(256);
    // ECIES: length byte, 65-byte point, IV, one padded block pair, HMAC-SHA1.
    expect(Buffer.from(inner.KeySetRSA.Erin.Key, 'base64').length).toBe(1 + 65 + 16 + 32 + 20);
    expect(Buffer.from(inner.IV, 'base64').length).toBe(16);
    expect(Buffer.from(inner.Data, 'base64').length).toBe(16);
    expect(Buffer.from(inner.Signature, 'base64').equals(expectedInnerSignature(inner, HMAC_KEY))).toBe(true);
  });

  it('omits empty fields as Go does', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 1, Owners: ['Bob'], Data: '' });
    const inner = JSON.parse(decodeOuter(blob).data.toString('utf8'));
    expect(Object.keys(inner)).toEqual(['Version', 'VaultId', 'KeySet', 'KeySetRSA', 'IV', 'Data', 'Signature']);
    expect(Buffer.from(inner.Data, 'base64').length).toBe(16);
  });

  it('round trips binary data of awkward sizes', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await delegate(t, BOB, { Uses: 10 });
    for (const size of [0, 1, 15, 16, 17, 4096]) {
      const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + 255) % 256));
      const blob = await encrypt(t, { Minimum: 1, Owners: ['Bob'], Data: data.toString('base64') });
      const reply = await decryptAs(t, blob);
      expect(Buffer.from(reply.decoded.Data, 'base64').equals(data)).toBe(true);
    }
  });

  it('streams large replies with their exact Content-Length, both ways', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await delegate(t, BOB, { Uses: 1 });
    const data = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 5 }, (_, i) => (i * 131) % 256));
    const send = (url: string, body: unknown) =>
      t.app.inject({ method: 'POST', url, payload: JSON.stringify(body) });

    const sealed = await send('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: data.toString('base64') });
    expect(sealed.headers['transfer-encoding']).toBeUndefined();
    expect(Number(sealed.headers['content-length'])).toBe(sealed.rawPayload.length);
    const blob = JSON.parse(sealed.body).Response;

    const opened = await send('/decrypt', { ...ALICE, Data: blob });
    expect(Number(opened.headers['content-length'])).toBe(opened.rawPayload.length);
    const decoded = JSON.parse(Buffer.from(JSON.parse(opened.body).Response, 'base64').toString());
    expect(Buffer.from(decoded.Data, 'base64').equals(data)).toBe(true);
    expect(decoded.Delegates).toEqual(['Bob']);
  });
});

describe('/encrypt access structures', () => {
  it('lets every owner decrypt alone with Minimum 1 (the original only wrapped for the first)', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 1, Owners: ['Bob', 'Erin', 'Carol'], Data: 'b25l' });
    for (const owner of [BOB, ERIN, CAROL]) {
      await t.call('/purge', ALICE);
      await delegate(t, owner);
      const reply = await decryptAs(t, blob);
      expect(reply.Status).toBe('ok');
      expect(reply.decoded.Delegates).toEqual([owner.Name]);
      expect(Buffer.from(reply.decoded.Data, 'base64').toString()).toBe('one');
    }
  });

  it('lets a name listed left and right decrypt alone, and any left with any right', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { LeftOwners: ['Bob', 'Carol'], RightOwners: ['Carol', 'Erin'], Data: 'eA==' });
    await delegate(t, CAROL);
    const alone = await decryptAs(t, blob);
    expect(alone.Status).toBe('ok');
    expect(alone.decoded.Delegates).toEqual(['Carol']);

    await delegate(t, BOB);
    expect((await decryptAs(t, blob)).Status).toBe('need more delegated keys');
    await delegate(t, ERIN);
    const pair = await decryptAs(t, blob);
    expect(pair.Status).toBe('ok');
    expect([...pair.decoded.Delegates].sort()).toEqual(['Bob', 'Erin']);
  });

  it('refuses owners that are unknown, repeated, or no access structure at all', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const base = { ...ALICE, Data: 'eA==' };
    expect((await t.call('/encrypt', { ...base, Minimum: 2, Owners: ['Bob', 'Nobody'] })).Status).toBe('Missing user on disk');
    expect((await t.call('/encrypt', { ...base, Minimum: 2, Owners: ['Bob', 'Bob'] })).Status).toBe(
      'Owners must not list the same user twice',
    );
    expect((await t.call('/encrypt', { ...base, RightOwners: ['Bob'] })).Status).toBe('Invalid access structure.');
    expect((await t.call('/encrypt', { ...base, Minimum: 0, Owners: ['Bob'] })).Status).toBe('Invalid access structure.');
  });
});

describe('/decrypt spending', () => {
  it('spends nothing when delegations are insufficient', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 2, Owners: ['Bob', 'Carol'], Data: 'eA==' });
    await delegate(t, BOB, { Uses: 1 });
    expect((await decryptAs(t, blob)).Status).toBe('need more delegated keys');
    const summary = await t.call('/summary', ALICE);
    expect(summary.Live.Bob.Uses).toBe(1);
  });

  it('spends nothing on a refused sign-only blob (the original spent the uses)', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 1, Owners: ['Bob'], Data: 'eA==', Usages: ['ssh-sign-with'] });
    await delegate(t, BOB, { Uses: 1 });
    expect((await decryptAs(t, blob)).Status).toBe('cannot decrypt this file');
    expect((await t.call('/summary', ALICE)).Live.Bob.Uses).toBe(1);
  });

  it('spends exactly one use per owner on success', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 2, Owners: ['Bob', 'Frank'], Data: 'eA==' });
    await delegate(t, BOB, { Uses: 2 });
    await delegate(t, FRANK, { Uses: 3 });
    expect((await decryptAs(t, blob)).Status).toBe('ok');
    const live = (await t.call('/summary', ALICE)).Live;
    expect([live.Bob.Uses, live.Frank.Uses]).toEqual([1, 2]);
  });
});

describe('/re-encrypt', () => {
  it("re-seals a blob written by the original for new owners, readable with theirs", async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const source = cases().find((testCase) => testCase.id === 'min2-rsa-three-owners')!;
    for (const body of source.delegate!) expect((await t.call('/delegate', body)).Status).toBe('ok');

    const reply = await t.call('/re-encrypt', {
      ...ALICE,
      Data: source.blob,
      Minimum: 2,
      Owners: ['Erin', 'Frank'],
      Labels: ['moved'],
    });
    expect(reply.Status).toBe('ok');
    const owners = await t.call('/owners', { Data: reply.Response });
    expect(owners).toEqual({ Status: 'ok', Owners: ['Erin', 'Frank'], Labels: ['moved'], Predicate: '' });

    await delegate(t, ERIN, { Labels: ['moved'] });
    await delegate(t, FRANK, { Labels: ['moved'] });
    const decrypted = await decryptAs(t, reply.Response);
    expect(decrypted.decoded.Data).toBe(source.plaintext);
    expect(decrypted.decoded.Secure).toBe(true);
  });

  it('checks the new access structure before it spends any delegation', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 2, Owners: ['Bob', 'Carol'], Data: 'eA==' });
    await delegate(t, BOB, { Uses: 5 });
    await delegate(t, CAROL, { Uses: 5 });
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ Minimum: 5, Owners: ['Bob'] }, 'Minimum is larger than the number of Owners'],
      [{ Predicate: '(Bob &' }, 'Invalid string: There needs to be an operator (& or |) for every pair of operands.'],
      [{ Minimum: 1, Owners: ['Nobody'] }, 'Missing user on disk'],
      [{ Predicate: 'Bob | Nobody' }, "Unknown user 'Nobody' in predicate."],
      [{}, 'Invalid access structure.'],
    ];
    for (const [access, status] of refused) {
      expect((await t.call('/re-encrypt', { ...ALICE, Data: blob, ...access })).Status).toBe(status);
    }
    const live = (await t.call('/summary', ALICE)).Live;
    expect([live.Bob.Uses, live.Carol.Uses]).toEqual([5, 5]);
    expect((await t.call('/re-encrypt', { ...ALICE, Data: blob, Minimum: 1, Owners: ['Erin'] })).Status).toBe('ok');
  });

  it('lets only an owner or an admin re-seal a sign-only key, and spends nothing otherwise', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const signOnly = cases().find((testCase) => testCase.id === 'ssh-ed25519-sign-only')!;
    for (const body of signOnly.delegate!) {
      expect((await t.call('/delegate', { ...body, Uses: 2 })).Status).toBe('ok');
    }
    const toCarol = { Data: signOnly.blob, Minimum: 1, Owners: ['Carol'] };

    expect((await t.call('/re-encrypt', { ...CAROL, ...toCarol })).Status).toBe(
      'only an owner or an admin may re-encrypt a blob that cannot be decrypted',
    );
    const live = (await t.call('/summary', ALICE)).Live;
    expect([live.Bob.Uses, live.Erin.Uses]).toEqual([2, 2]);

    // The original's own operation (the fixture re-encrypt-keeps-usages): an admin moves it to Carol.
    const moved = await t.call('/re-encrypt', { ...ALICE, ...toCarol, Usages: ['decrypt'] });
    expect(moved.Status).toBe('ok');
    expect(await t.call('/owners', { Data: moved.Response })).toMatchObject({ Owners: ['Carol'] });
    expect((await t.call('/re-encrypt', { ...BOB, ...toCarol })).Status).toBe('ok');
  });
});
