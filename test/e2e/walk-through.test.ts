/**
 * The README's walk-through against the real process: an admin creates the
 * vault, two owners join and delegate, and the admin encrypts and decrypts
 * with both of them. Requests go out the way operators' scripts send them
 * (`curl -d` sends a form Content-Type, some tools send none), and the server
 * certificate is verified against the test CA for its name, as a client would.
 */
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  cleanUp,
  decodeResponse,
  httpsRequest,
  makeCertificate,
  makeTempDir,
  startRedOctober,
  type CallOptions,
  type RedOctober,
} from './harness.js';

const ALICE = { Name: 'Alice', Password: 'alice-password' };
const BOB = { Name: 'Bob', Password: 'bob-password' };
const CAROL = { Name: 'Carol', Password: 'carol-password' };

// Not valid UTF-8 on purpose: the bytes must come back exactly, not as text.
const SECRET = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x80]), Buffer.from('launch codes')]);

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const NO_TYPE = {};

/** How scripts send a body: `curl -d`, a bare client, a PUT labelled text/json. */
const SENDERS: Array<[string, Record<string, string>]> = [
  ['POST', FORM],
  ['POST', NO_TYPE],
  ['PUT', { 'Content-Type': 'text/json' }],
];

async function startVerified(): Promise<{ server: RedOctober; tls: CallOptions }> {
  const folder = await makeTempDir();
  const cert = await makeCertificate(folder, 'a.test');
  const vault = join(folder, 'vault.json');
  const args = ['-vaultpath', vault, '-certs', cert.certPath, '-keys', cert.keyPath];
  const server = await startRedOctober(args, { cwd: folder });
  return { server, tls: { servername: 'a.test', ca: cert.pem } };
}

/** After one decryption each owner's two-use, one-hour delegation has one use left. */
function expectOneUseLeft(summary: Record<string, any>, delegatedAt: number): void {
  expect(summary.Status).toBe('ok');
  expect(Object.keys(summary.Live).sort()).toEqual(['Bob', 'Carol']);
  expect(summary.Live.Bob).toMatchObject({ Uses: 1, Type: 'RSA', Admin: false });
  expect(summary.Live.Carol).toMatchObject({ Uses: 1, Type: 'ECC', Admin: false });
  for (const live of Object.values<any>(summary.Live)) {
    const expiresIn = Date.parse(live.Expiry) - delegatedAt;
    expect(expiresIn).toBeGreaterThan(59 * 60_000);
    expect(expiresIn).toBeLessThan(61 * 60_000);
  }
  expect(summary.All).toEqual({
    Alice: { Admin: true, Type: 'RSA' },
    Bob: { Admin: false, Type: 'RSA' },
    Carol: { Admin: false, Type: 'ECC' },
  });
}

afterEach(cleanUp);

describe('README walk-through over HTTPS', () => {
  it('encrypts for two owners, decrypts once both delegated, and shows the uses left', async () => {
    const { server, tls } = await startVerified();
    const call = (endpoint: string, body: unknown, headers: Record<string, string>) =>
      server.call(endpoint, body, { ...tls, headers });
    const statusOf = async (endpoint: string, body: unknown, headers: Record<string, string>) =>
      (await call(endpoint, body, headers)).Status;

    expect(await statusOf('/create', ALICE, FORM)).toBe('ok');
    // The Go client sends UserType "rsa" in lower case by default.
    expect(await statusOf('/create-user', { ...BOB, UserType: 'rsa' }, NO_TYPE)).toBe('ok');
    expect(await statusOf('/create-user', { ...CAROL, UserType: 'ECC' }, FORM)).toBe('ok');

    const delegatedAt = Date.now();
    const delegation = { Uses: 2, Time: '1h' };
    expect(await statusOf('/delegate', { ...BOB, ...delegation }, FORM)).toBe('ok');
    expect(await statusOf('/delegate', { ...CAROL, ...delegation }, NO_TYPE)).toBe('ok');

    const owners = { Minimum: 2, Owners: ['Bob', 'Carol'] };
    const data = SECRET.toString('base64');
    const encrypted = await call('/encrypt', { ...ALICE, ...owners, Data: data }, FORM);
    expect(encrypted.Status).toBe('ok');

    const decrypted = await call('/decrypt', { ...ALICE, Data: encrypted.Response }, NO_TYPE);
    expect(decrypted.Status).toBe('ok');
    const opened = decodeResponse(decrypted);
    expect(Buffer.from(opened.Data, 'base64')).toEqual(SECRET);
    expect(opened.Secure).toBe(true);
    expect([...opened.Delegates].sort()).toEqual(['Bob', 'Carol']);

    expectOneUseLeft(await call('/summary', ALICE, FORM), delegatedAt);
  });

  it('answers JSON with an HSTS header whatever the method and Content-Type', async () => {
    const { server, tls } = await startVerified();
    await server.call('/create', ALICE, tls);
    const body = JSON.stringify(ALICE);

    for (const [method, headers] of SENDERS) {
      const options = { ...tls, method, headers, body };
      const reply = await httpsRequest(server.apiPort, '/summary', options);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/json');
      expect(reply.headers['strict-transport-security']).toBe(
        'max-age=86400; includeSubDomains; preload',
      );
      const summary = JSON.parse(reply.text);
      expect(summary).toMatchObject({ Status: 'ok', All: { Alice: { Admin: true } } });
    }
  });

  it('reads a JSON body sent with GET, as the original does', async () => {
    const { server, tls } = await startVerified();
    await server.call('/create', ALICE, tls);

    const reply = await server.call('/summary', ALICE, { ...tls, method: 'GET', headers: FORM });
    expect(reply.Status).toBe('ok');
  });
});
