/**
 * /ssh-sign-with: the reference's SSH cases sign with identical bytes (both
 * schemes are deterministic), and the other key types people use work too.
 */
import { generateKeyPairSync, verify } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/app.js';
import { cases } from '../support/fixtures.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const TBS = Buffer.from('sign me, please');

describe.each(cases().filter((testCase) => testCase.sshSign).map((testCase) => [testCase.id, testCase] as const))(
  'reference SSH case %s',
  (_id, testCase) => {
    it('signs with the same bytes as the original, verifiable with the public key', async () => {
      const t = await startTestApp({ vaultFixture: testCase.vault });
      for (const body of testCase.delegate!) expect((await t.call('/delegate', body)).Status).toBe('ok');
      const request = { ...testCase.sshSign!.request.body, Data: testCase.blob };
      const reply = await t.callDecoded('/ssh-sign-with', request);

      const expected = testCase.sshSign!.responseDecoded;
      expect(reply.Status).toBe('ok');
      expect(reply.decoded.SignatureFormat).toBe(expected.SignatureFormat);
      expect(reply.decoded.Signature).toBe(expected.Signature);
      expect(reply.decoded.Secure).toBe(true);
      expect([...reply.decoded.Delegates].sort()).toEqual(testCase.sshSign!.expectedDelegates);

      const algorithm = expected.SignatureFormat === 'ssh-rsa' ? 'sha1' : null;
      const signed = Buffer.from(testCase.sshSign!.tbsData, 'base64');
      const signature = Buffer.from(reply.decoded.Signature, 'base64');
      expect(verify(algorithm, signed, testCase.sshSign!.publicKeySPKI, signature)).toBe(true);
    });
  },
);

async function sealKey(t: TestApp, keyPem: string, usages: string[]): Promise<string> {
  const data = Buffer.from(keyPem).toString('base64');
  const reply = await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: data, Usages: usages });
  return reply.Response;
}

describe('/ssh-sign-with', () => {
  it('signs with ECDSA P-256 and RSA SHA-2 keys', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await t.call('/delegate', { ...BOB, Uses: 5, Time: '1h' });

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecBlob = await sealKey(t, ec.privateKey.export({ format: 'pem', type: 'sec1' }) as string, ['ssh-sign-with']);
    const ecReply = await t.callDecoded('/ssh-sign-with', { ...ALICE, Data: ecBlob, TBSData: TBS.toString('base64') });
    expect(ecReply.decoded.SignatureFormat).toBe('ecdsa-sha2-nistp256');
    const blob = Buffer.from(ecReply.decoded.Signature, 'base64');
    const rLength = blob.readUInt32BE(0);
    const r = blob.subarray(4, 4 + rLength);
    const s = blob.subarray(8 + rLength);
    const p1363 = Buffer.concat([r, s].map((part) => Buffer.concat([Buffer.alloc(32), part]).subarray(-32)));
    expect(verify('sha256', TBS, { key: ec.publicKey, dsaEncoding: 'ieee-p1363' }, p1363)).toBe(true);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaBlob = await sealKey(t, rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }) as string, ['ssh-sign-with']);
    for (const [algorithm, hash] of [['rsa-sha2-256', 'sha256'], ['rsa-sha2-512', 'sha512'], ['', 'sha1']]) {
      const body = { ...ALICE, Data: rsaBlob, TBSData: TBS.toString('base64'), Algorithm: algorithm };
      const reply = await t.callDecoded('/ssh-sign-with', body);
      expect(reply.decoded.SignatureFormat).toBe(algorithm || 'ssh-rsa');
      expect(verify(hash!, TBS, rsa.publicKey, Buffer.from(reply.decoded.Signature, 'base64'))).toBe(true);
    }
  });

  it('refuses blobs whose Usages do not allow signing, without spending', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h' });
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    for (const usages of [[], ['decrypt']]) {
      const blob = await sealKey(t, key, usages);
      const reply = await t.call('/ssh-sign-with', { ...ALICE, Data: blob, TBSData: 'eA==' });
      expect(reply.Status).toBe('cannot sign with this file');
    }
    expect((await t.call('/summary', ALICE)).Live.Bob.Uses).toBe(1);
  });

  it('refuses /decrypt of a sign-only key and a blob that holds no key', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await t.call('/delegate', { ...BOB, Uses: 10, Time: '1h' });
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const signOnly = await sealKey(t, key, ['ssh-sign-with']);
    expect((await t.call('/decrypt', { ...ALICE, Data: signOnly })).Status).toBe('cannot decrypt this file');

    // Go's ssh package words what it can tell from the PEM framing; ours the rest.
    const encrypted = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs1',
      cipher: 'aes-128-cbc',
      passphrase: 'secret',
    }) as string;
    const statuses: Array<[string, string]> = [
      ['not a key', 'ssh: no key found'],
      ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'ssh: unsupported key type "CERTIFICATE"'],
      [encrypted, 'ssh: this private key is passphrase protected'],
      [
        '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
        'ssh: the blob does not hold a usable unencrypted SSH private key',
      ],
    ];
    for (const [plaintext, status] of statuses) {
      const junk = await sealKey(t, plaintext, ['ssh-sign-with']);
      const reply = await t.call('/ssh-sign-with', { ...ALICE, Data: junk, TBSData: 'eA==' });
      expect(reply.Status).toBe(status);
    }
    expect((await t.call('/ssh-sign-with', { ...ALICE, Data: signOnly, TBSData: 'eA==', Algorithm: 'md5' })).Status).toBe(
      'ssh: unknown signature algorithm',
    );
  });
});
