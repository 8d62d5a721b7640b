/**
 * /delegate and the delegation lifecycle: implicit users, slots, users and
 * labels, expiry (with an injected clock), and /purge.
 */
import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/delegation/clock.js';
import { startTestApp } from '../support/app.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const MINUTE = 60_000_000_000n;

describe('/delegate', () => {
  it('creates an unknown name as an RSA non-admin user, as the original does', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    expect((await t.call('/delegate', { Name: 'Newcomer', Password: 'n', Uses: 1, Time: '1h' })).Status).toBe('ok');
    const summary = await t.call('/summary', ALICE);
    expect(summary.All.Newcomer).toEqual({ Admin: false, Type: 'RSA' });
    expect(summary.Live.Newcomer.Uses).toBe(1);
    expect((await t.call('/delegate', { Name: 'Newcomer', Password: 'other', Uses: 1, Time: '1h' })).Status).toBe(
      'Wrong Password',
    );
  });

  it('shows slots, users and labels in /summary with an RFC 3339 expiry', async () => {
    const clock = new ManualClock(1_800_000_000_123_456_789n);
    const t = await startTestApp({ vaultFixture: 'vault.json', clock });
    const body = { ...BOB, Uses: 3, Time: '1h30m', Slot: 'night', Users: ['Alice'], Labels: ['blue'] };
    expect((await t.call('/delegate', body)).Status).toBe('ok');
    expect((await t.call('/summary', ALICE)).Live).toEqual({
      'Bob-night': {
        Uses: 3,
        Labels: ['blue'],
        Users: ['Alice'],
        Expiry: '2027-01-15T09:30:00.123456789Z',
        AltNames: null,
        Admin: false,
        Type: 'RSA',
      },
    });
  });

  it('expires delegations at their time', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ vaultFixture: 'vault.json', clock });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;
    await t.call('/delegate', { ...BOB, Uses: 5, Time: '10m' });

    clock.advance(9n * MINUTE);
    expect((await t.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('ok');
    clock.advance(MINUTE);
    expect((await t.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('need more delegated keys');
    expect((await t.call('/summary', ALICE)).Live).toEqual({});
  });

  it('replaces a delegation of the same name and slot', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await t.call('/delegate', { ...BOB, Uses: 5, Time: '1h' });
    await t.call('/delegate', { ...BOB, Uses: 2, Time: '1h' });
    await t.call('/delegate', { ...BOB, Uses: 7, Time: '1h', Slot: 'b' });
    const live = (await t.call('/summary', ALICE)).Live;
    expect([live.Bob.Uses, live['Bob-b'].Uses]).toEqual([2, 7]);
  });

  it('refuses a delegation that /summary would list under another owner\'s name', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const night = { Name: 'Bob-night', Password: 'n' };
    expect((await t.call('/create-user', night)).Status).toBe('ok');
    expect((await t.call('/delegate', { ...BOB, Uses: 7, Time: '1h', Slot: 'night' })).Status).toBe(
      'Slot would list this delegation as "Bob-night", which is another user',
    );
    expect((await t.call('/delegate', { ...night, Uses: 5, Time: '1h' })).Status).toBe('ok');
    expect((await t.call('/delegate', { ...BOB, Uses: 7, Time: '1h', Slot: 'day' })).Status).toBe('ok');
    // A user created while someone's slot already holds the name cannot delegate into it.
    expect((await t.call('/delegate', { Name: 'Bob-day', Password: 'd', Uses: 1, Time: '1h' })).Status).toBe(
      '"Bob-day" already lists another owner\'s delegation',
    );
    const live = (await t.call('/summary', ALICE)).Live;
    expect(Object.keys(live).sort()).toEqual(['Bob-day', 'Bob-night']);
    expect([live['Bob-day'].Uses, live['Bob-night'].Uses]).toEqual([7, 5]);
  });

  it('never lets a delegation be used more often than its Uses, even in parallel', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;
    await t.call('/delegate', { ...BOB, Uses: 3, Time: '1h' });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => t.call('/decrypt', { ...ALICE, Data: blob })),
    );
    const statuses = replies.map((reply) => reply.Status);
    expect(statuses.filter((status) => status === 'ok')).toHaveLength(3);
    expect(statuses.filter((status) => status === 'need more delegated keys')).toHaveLength(17);
  });
});

describe('/purge', () => {
  it('drops every delegation, for admins only', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h' });
    expect((await t.call('/purge', BOB)).Status).toBe('Admin required');
    expect((await t.call('/purge', ALICE)).Status).toBe('ok');
    expect((await t.call('/summary', ALICE)).Live).toEqual({});
  });
});

describe('/modify', () => {
  it("deletes a user and their live delegations (the original kept them usable)", async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h' });
    expect((await t.call('/modify', { ...ALICE, ToModify: 'Bob', Command: 'delete' })).Status).toBe('ok');
    const summary = await t.call('/summary', ALICE);
    expect(summary.All.Bob).toBeUndefined();
    expect(summary.Live).toEqual({});
  });

  it('ends the grants made for a deleted user alone, and takes them off shared ones', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const CAROL = { Name: 'Carol', Password: 'c4r0l!' };
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h', Users: ['Dave'] });
    await t.call('/delegate', { ...CAROL, Uses: 1, Time: '1h', Users: ['Dave', 'Alice'] });
    expect((await t.call('/modify', { ...ALICE, ToModify: 'Dave', Command: 'delete' })).Status).toBe('ok');
    const live = (await t.call('/summary', ALICE)).Live;
    expect(Object.keys(live)).toEqual(['Carol']);
    expect(live.Carol.Users).toEqual(['Alice']);

    // Whoever registers the name again gets nothing of what was meant for the old Dave.
    await t.call('/create-user', { Name: 'Dave', Password: 'a new dave' });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Carol'], Data: 'eA==' })).Response;
    expect((await t.call('/decrypt', { Name: 'Dave', Password: 'a new dave', Data: blob })).Status).toBe(
      'need more delegated keys',
    );
  });

  it('grants and revokes admin', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    expect((await t.call('/modify', { ...ALICE, ToModify: 'Bob', Command: 'admin' })).Status).toBe('ok');
    expect((await t.call('/purge', BOB)).Status).toBe('ok');
    expect((await t.call('/modify', { ...BOB, ToModify: 'Alice', Command: 'revoke' })).Status).toBe('ok');
    expect((await t.call('/purge', ALICE)).Status).toBe('Admin required');
  });
});

describe('/summary', () => {
  it('follows every change to delegations and users, though it encodes them only once per change', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ vaultFixture: 'vault.json', clock });
    const live = async () => (await t.call('/summary', ALICE)).Live;
    const all = async () => (await t.call('/summary', ALICE)).All;
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;

    await t.call('/delegate', { ...BOB, Uses: 3, Time: '10m' });
    expect((await live()).Bob.Uses).toBe(3);
    expect((await live()).Bob.Uses).toBe(3);
    expect((await t.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('ok');
    expect((await live()).Bob.Uses).toBe(2);
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '5m', Slot: 'short' });
    expect(Object.keys(await live()).sort()).toEqual(['Bob', 'Bob-short']);
    clock.advance(6n * MINUTE);
    expect(Object.keys(await live())).toEqual(['Bob']);
    expect((await t.call('/purge', ALICE)).Status).toBe('ok');
    expect(await live()).toEqual({});

    expect((await all()).Bob).toEqual({ Admin: false, Type: 'RSA' });
    await t.call('/modify', { ...ALICE, ToModify: 'Bob', Command: 'admin' });
    expect((await all()).Bob).toEqual({ Admin: true, Type: 'RSA' });
    await t.call('/create-user', { Name: 'Eve', Password: 'eve-pw', UserType: 'ECC' });
    expect((await all()).Eve).toEqual({ Admin: false, Type: 'ECC' });
    await t.call('/modify', { ...ALICE, ToModify: 'Eve', Command: 'delete' });
    expect((await all()).Eve).toBeUndefined();
  });
});
