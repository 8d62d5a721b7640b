/**
 * The TOTP second factor: enrolment and confirmation, codes on /delegate,
 * /restore and /password, replays, recovery codes, the policy options, the
 * vault file (still the original's format), and logs without secrets.
 * Codes are computed here with the same library, at the injected clock's time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { URI, type TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/delegation/clock.js';
import { FileDelegationStore } from '../../src/persist/delegation-store.js';
import { parseVault, serializeVault } from '../../src/vault/vault-codec.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/app.js';
import { readFixture } from '../support/fixtures.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const STEP_NS = 30_000_000_000n;
const DELEGATION = { Uses: 1, Time: '1h' };

interface Enrolled {
  t: TestApp;
  clock: ManualClock;
  uri: string;
  /** Bob's code at the clock's time, `steps` steps ahead. */
  code(steps?: number): string;
  recoveryCodes: string[];
}

function codeFor(uri: string, clock: ManualClock, steps = 0): string {
  const totp = URI.parse(uri) as TOTP;
  return totp.generate({ timestamp: Number(clock.nowNs() / 1_000_000n) + steps * 30_000 });
}

/** A reference vault where Bob has a confirmed authenticator; the clock is a step past confirming. */
async function withBobEnrolled(options: TestAppOptions = {}): Promise<Enrolled> {
  const clock = new ManualClock();
  const t = await startTestApp({ vaultFixture: 'vault.json', clock, ...options });
  const enrolment = await t.callDecoded('/totp-enroll', BOB);
  expect(enrolment.Status).toBe('ok');
  const uri: string = enrolment.decoded.URI;
  const confirmed = await t.callDecoded('/totp-confirm', { ...BOB, Code: codeFor(uri, clock) });
  expect(confirmed.Status).toBe('ok');
  clock.advance(STEP_NS);
  return {
    t,
    clock,
    uri,
    code: (steps = 0) => codeFor(uri, clock, steps),
    recoveryCodes: confirmed.decoded.RecoveryCodes,
  };
}

function exportedVault(t: TestApp): Promise<string> {
  return t.call('/export', ALICE).then((reply) => Buffer.from(reply.Response, 'base64').toString('utf8'));
}

describe('/totp-enroll and /totp-confirm', () => {
  it('returns an otpauth URI, its secret and an SVG QR code, and enforces nothing until confirmed', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const { Status, decoded } = await t.callDecoded('/totp-enroll', BOB);

    expect(Status).toBe('ok');
    expect(decoded.URI).toMatch(
      /^otpauth:\/\/totp\/Red%20October:Bob\?issuer=Red%20October&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/,
    );
    expect(decoded.URI).toContain(`secret=${decoded.Secret}`);
    expect(decoded.QRCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(decoded.QRCode.split(',')[1], 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    expect((await t.call('/delegate', { ...BOB, ...DELEGATION })).Status).toBe('ok');
    const vaultText = await exportedVault(t);
    expect(vaultText).toContain('"TOTP":{"Secret":"');
    expect(vaultText).toContain('"Confirmed":false');
    expect(vaultText).not.toContain(decoded.Secret);
  });

  it('confirms with a first valid code and returns ten one-time recovery codes, stored hashed', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ vaultFixture: 'vault.json', clock });
    const uri = (await t.callDecoded('/totp-enroll', BOB)).decoded.URI;

    expect((await t.call('/totp-confirm', BOB)).Status).toBe('second-factor code required');
    expect((await t.call('/totp-confirm', { ...BOB, Code: '000000' })).Status).toBe('wrong second-factor code');
    const { Status, decoded } = await t.callDecoded('/totp-confirm', { ...BOB, Code: codeFor(uri, clock) });

    expect(Status).toBe('ok');
    const codes: string[] = decoded.RecoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    const vaultText = await exportedVault(t);
    expect(vaultText).toContain('"Confirmed":true');
    expect(JSON.parse(vaultText).Passwords.Bob.TOTP.RecoveryCodes).toHaveLength(10);
    for (const code of codes) expect(vaultText).not.toContain(code);
  });

  it('refuses to replace a confirmed authenticator, and to confirm twice', async () => {
    const { t, code } = await withBobEnrolled();
    expect((await t.call('/totp-enroll', BOB)).Status).toBe(
      'a second factor is already enrolled; disable it first',
    );
    expect((await t.call('/totp-confirm', { ...BOB, Code: code() })).Status).toBe(
      'a second factor is already enrolled; disable it first',
    );
    expect((await t.call('/totp-enroll', { ...BOB, Password: 'guess' })).Status).toBe('Wrong Password');
    expect((await t.call('/totp-confirm', { ...ALICE, Code: '123456' })).Status).toBe('no second factor is enrolled');
  });
});

describe('/delegate with a second factor', () => {
  it('needs a valid code once the user is enrolled', async () => {
    const { t, code } = await withBobEnrolled();
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION })).Status).toBe('second-factor code required');
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: '12345' })).Status).toBe(
      'wrong second-factor code',
    );
    const wrong = String((Number(code()) + 1) % 1_000_000).padStart(6, '0');
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: wrong })).Status).toBe(
      'wrong second-factor code',
    );
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: code() })).Status).toBe('ok');
    // Users without an authenticator are not asked.
    expect((await t.call('/delegate', { ...ALICE, ...DELEGATION })).Status).toBe('ok');
  });

  it('refuses a replayed code, and any code of an earlier step', async () => {
    const { t, clock, code } = await withBobEnrolled();
    const first = code();
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: first })).Status).toBe('ok');
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: first })).Status).toBe(
      'second-factor code already used; wait for the next one',
    );

    // The code of the next step is already accepted (clock drift); once used, the older one is not.
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: code(1) })).Status).toBe('ok');
    clock.advance(STEP_NS);
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: code(-1) })).Status).toBe(
      'second-factor code already used; wait for the next one',
    );
    clock.advance(STEP_NS);
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: code() })).Status).toBe('ok');
  });

  it('accepts each recovery code once, however it is typed', async () => {
    const { t, recoveryCodes } = await withBobEnrolled();
    const [first, second] = recoveryCodes as [string, string];
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: first })).Status).toBe('ok');
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: first })).Status).toBe(
      'wrong second-factor code',
    );
    const retyped = second.toUpperCase().replaceAll('-', ' ');
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: retyped })).Status).toBe('ok');
    const vault = JSON.parse(await exportedVault(t));
    expect(vault.Passwords.Bob.TOTP.RecoveryCodes).toHaveLength(8);
  });

  it('checks the password before the code, and spends nothing on a wrong password', async () => {
    const { t, code } = await withBobEnrolled();
    const valid = code();
    expect((await t.call('/delegate', { ...BOB, Password: 'guess', ...DELEGATION, Code: valid })).Status).toBe(
      'Wrong Password',
    );
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: valid })).Status).toBe('ok');
  });

  it('stops answering code guesses for a while after five wrong codes', async () => {
    const { t, code } = await withBobEnrolled();
    for (let i = 0; i < 5; i++) {
      expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: 'aaaa-bbbb-cccc-dddd' })).Status).toBe(
        'wrong second-factor code',
      );
    }
    const response = await t.app.inject({
      method: 'POST',
      url: '/delegate',
      payload: { ...BOB, ...DELEGATION, Code: code() },
    });
    expect(response.statusCode).toBe(429);
    expect(response.json().Status).toMatch(/^too many wrong second-factor codes; try again in \d+s$/);
  });
});

describe('/password and /restore with a second factor', () => {
  it('/password needs a code, and the authenticator keeps working under the new password', async () => {
    const { t, clock, code, recoveryCodes } = await withBobEnrolled();
    const change = { ...BOB, NewPassword: 'a new phrase' };
    expect((await t.call('/password', change)).Status).toBe('second-factor code required');
    expect((await t.call('/password', { ...change, Code: code() })).Status).toBe('ok');

    clock.advance(STEP_NS);
    const renamed = { Name: 'Bob', Password: 'a new phrase' };
    expect((await t.call('/delegate', { ...renamed, ...DELEGATION, Code: code() })).Status).toBe('ok');
    expect((await t.call('/delegate', { ...renamed, ...DELEGATION, Code: recoveryCodes[0] })).Status).toBe('ok');
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION, Code: code(1) })).Status).toBe('Wrong Password');
  });

  it('/restore needs a code even when there is nothing left to restore', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ro-totp-restore-'));
    const store = new FileDelegationStore(join(folder, 'persisted.json'));
    const { t, code } = await withBobEnrolled({ persistence: { policy: '(Bob & Erin)', users: ['Bob', 'Erin'], store } });
    expect((await t.call('/restore', { ...BOB, Time: '1h' })).Status).toBe('second-factor code required');
    const reply = await t.callDecoded('/restore', { ...BOB, Time: '1h', Code: code() });
    expect([reply.Status, reply.decoded.Status]).toEqual(['ok', 'active']);
    await rm(folder, { recursive: true, force: true });
  });

  it('/restore needs a code', async () => {
    const { t, code } = await withBobEnrolled();
    expect((await t.call('/restore', { ...BOB, Time: '1h' })).Status).toBe('second-factor code required');
    expect((await t.call('/restore', { ...BOB, Time: '1h', Code: code() })).Status).toBe(
      'persist: null store does not support delegations',
    );
  });
});

describe('/totp-disable', () => {
  it('removes the authenticator with a valid code, and the vault is the original bytes again', async () => {
    const { t, code } = await withBobEnrolled();
    expect((await t.call('/totp-disable', BOB)).Status).toBe('second-factor code required');
    expect((await t.call('/totp-disable', { ...BOB, Code: code() })).Status).toBe('ok');
    expect((await t.call('/totp-disable', { ...BOB, Code: code() })).Status).toBe('no second factor is enrolled');

    expect((await t.call('/delegate', { ...BOB, ...DELEGATION })).Status).toBe('ok');
    expect(Buffer.from(await exportedVault(t)).equals(readFixture('vault.json'))).toBe(true);
  });
});

describe('second-factor policy', () => {
  it('with require_enrolment, refuses to delegate for users without an authenticator', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json', secondFactor: { requireEnrolment: true } });
    const required = 'this server requires a second factor: enrol an authenticator first';
    expect((await t.call('/delegate', { ...BOB, ...DELEGATION })).Status).toBe(required);
    expect((await t.call('/delegate', { ...BOB, Password: 'guess', ...DELEGATION })).Status).toBe('Wrong Password');
    // An unknown name would become a user without one.
    expect((await t.call('/delegate', { Name: 'Newcomer', Password: 'n', ...DELEGATION })).Status).toBe(required);
    expect((await t.call('/summary', ALICE)).All.Newcomer).toBeUndefined();
    // Changing a password and enrolling stay open.
    expect((await t.call('/password', { ...BOB, NewPassword: '' })).Status).toBe('ok');
    expect((await t.call('/totp-enroll', BOB)).Status).toBe('ok');
  });

  it('with required_for "all", asks an enrolled user for a code on every authenticated call', async () => {
    const { t, code, clock } = await withBobEnrolled({ secondFactor: { requiredFor: 'all' } });

    expect((await t.call('/summary', BOB)).Status).toBe('second-factor code required');
    expect((await t.call('/summary', { ...BOB, Code: '000000' })).Status).not.toBe('ok');
    clock.advance(STEP_NS);
    const summary = await t.call('/summary', { ...BOB, Code: code() });
    expect(summary.Status).toBe('ok');
    expect(Object.keys(summary.All)).toContain('Bob');
    // The same code again is a replay; an unenrolled user gives none.
    expect((await t.call('/summary', { ...BOB, Code: code() })).Status).toBe('second-factor code already used; wait for the next one');
    expect((await t.call('/summary', ALICE)).Status).toBe('ok');
    // Routes without a password are left alone.
    expect((await t.call('/owners', { Data: 'AAAA' })).Status).not.toBe('second-factor code required');
  });
});

describe('the vault file with second factors', () => {
  it('adds only a TOTP field to the enrolled record, which the codec reads and writes back', async () => {
    const { t } = await withBobEnrolled();
    const text = await exportedVault(t);
    const fixture = readFixture('vault.json').toString('utf8');

    expect(text.replace(/,"TOTP":\{[^}]*\}/, '')).toBe(fixture);
    expect(serializeVault(parseVault(text)).toString('utf8')).toBe(text);
    const totp = JSON.parse(text).Passwords.Bob.TOTP;
    expect(Object.keys(totp)).toEqual(['Secret', 'SecretIV', 'Confirmed', 'LastStep', 'RecoveryCodes']);
    expect(Buffer.from(totp.Secret, 'base64').length % 16).toBe(0);
    expect(totp.LastStep).toBeGreaterThan(0);
  });

  it('logs no TOTP secret, code or recovery code', async () => {
    const { t, code, uri, recoveryCodes } = await withBobEnrolled();
    const used = [code(), recoveryCodes[0]!];
    for (const Code of used) await t.call('/delegate', { ...BOB, ...DELEGATION, Code });
    await t.call('/totp-disable', { ...BOB, Code: recoveryCodes[1] });

    const secret = new URL(uri).searchParams.get('secret')!;
    const everything = t.logLines.join('\n');
    expect(everything).toContain('/totp-confirm');
    for (const forbidden of [secret, uri, ...used, ...recoveryCodes]) expect(everything).not.toContain(forbidden);
  });
});
