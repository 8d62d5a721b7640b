/**
 * Control over every grant: owners withdraw their own delegations; operators
 * can make registration admin-only and ask for longer passwords.
 */
import { describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/delegation/clock.js';
import { startTestApp } from '../support/app.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };

function withdrawn(reply: Record<string, any>): string[] {
  expect(reply.Status).toBe('ok');
  return JSON.parse(Buffer.from(reply.Response, 'base64').toString()).Withdrawn;
}

describe('/withdraw', () => {
  it('lets an owner take back one slot, then all, of their own delegations only', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    for (const slot of ['', 'night', 'day']) await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h', Slot: slot });
    await t.call('/delegate', { Name: 'Carol', Password: 'c4r0l!', Uses: 1, Time: '1h' });

    expect(withdrawn(await t.call('/withdraw', { ...BOB, Slots: ['night'] }))).toEqual(['Bob-night']);
    expect(Object.keys((await t.call('/summary', ALICE)).Live).sort()).toEqual(['Bob', 'Bob-day', 'Carol']);
    expect(withdrawn(await t.call('/withdraw', BOB))).toEqual(['Bob', 'Bob-day']);
    expect(Object.keys((await t.call('/summary', ALICE)).Live)).toEqual(['Carol']);
    expect((await t.call('/withdraw', { ...BOB, Password: 'wrong' })).Status).toBe('Wrong Password');
  });

  it('reports only delegations that were still live', async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ vaultFixture: 'vault.json', clock });
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1m', Slot: 'brief' });
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h', Slot: 'long' });
    clock.advance(2n * 60_000_000_000n);
    expect(withdrawn(await t.call('/withdraw', BOB))).toEqual(['Bob-long']);
    expect(withdrawn(await t.call('/withdraw', BOB))).toEqual([]);
  });
});

describe('registration policy', () => {
  it('by default anyone registers, with any non-empty password, as in the original', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    expect((await t.call('/create-user', { Name: 'Walk-in', Password: 'x' })).Status).toBe('ok');
  });

  it('admin-only: create-user needs an admin, and /delegate creates no one', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json', registration: { adminOnly: true } });
    expect((await t.call('/create-user', { Name: 'Walk-in', Password: 'x' })).Status).toBe('Admin required');
    expect((await t.call('/create-user', { Name: 'Walk-in', Password: 'x', AdminName: 'Bob', AdminPassword: BOB.Password })).Status).toBe('Admin required');
    expect((await t.call('/create-user', { Name: 'Walk-in', Password: 'x', AdminName: 'Alice', AdminPassword: 'wrong' })).Status).toBe('Wrong Password');
    expect((await t.call('/create-user', { Name: 'Vetted', Password: 'x', AdminName: 'Alice', AdminPassword: ALICE.Password })).Status).toBe('ok');
    expect((await t.call('/delegate', { Name: 'Stranger', Password: 'x', Uses: 1, Time: '1h' })).Status).toBe('User not present');
    expect(t.services.vault.hasUser('Stranger')).toBe(false);
  });

  it('enforces a minimum password length everywhere a password is set', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json', registration: { minPasswordLength: 12 } });
    const tooShort = 'Password must be at least 12 characters';
    expect((await t.call('/create-user', { Name: 'Short', Password: 'elevenchars' })).Status).toBe(tooShort);
    expect((await t.call('/delegate', { Name: 'Short', Password: 'elevenchars', Uses: 1, Time: '1h' })).Status).toBe(tooShort);
    expect((await t.call('/password', { ...BOB, NewPassword: 'short' })).Status).toBe(tooShort);
    expect((await t.call('/create-user', { Name: 'Long', Password: 'twelve chars' })).Status).toBe('ok');
    // Existing users keep their old, shorter passwords until they change them.
    expect((await t.call('/summary', { Name: 'Carol', Password: 'c4r0l!' })).Status).toBe('ok');
  });
});
