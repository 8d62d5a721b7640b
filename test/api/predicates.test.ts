/**
 * Predicates and M-of-N beyond two through the API: the cheapest owners are
 * spent, /owners reports the predicate, and bad predicates are refused with a
 * status naming the problem.
 */
import { describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../support/app.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const OWNERS: Record<string, string> = {
  Bob: "bob's secret phrase",
  Carol: 'c4r0l!',
  Dave: 'dave_the_3rd',
  Erin: 'erin-p256',
  Frank: 'frank_ecc_2',
};

async function delegateAll(t: TestApp, names: string[], uses = 5): Promise<void> {
  await t.call('/purge', ALICE);
  for (const name of names) {
    expect((await t.call('/delegate', { Name: name, Password: OWNERS[name], Uses: uses, Time: '1h' })).Status).toBe('ok');
  }
}

async function encrypt(t: TestApp, access: Record<string, unknown>): Promise<string> {
  const reply = await t.call('/encrypt', { ...ALICE, ...access, Data: Buffer.from('predicate').toString('base64') });
  expect(reply.Status).toBe('ok');
  return reply.Response;
}

describe('predicates', () => {
  it('decrypts exactly when the predicate holds, spending the cheapest owners', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Predicate: 'Bob & Carol | Dave & Erin & Frank | Frank' });
    expect((await t.call('/owners', { Data: blob })).Predicate).toBe('Bob & Carol | Dave & Erin & Frank | Frank');

    await delegateAll(t, ['Bob', 'Dave', 'Erin']);
    expect((await t.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('not enough shares to recover');

    await delegateAll(t, ['Bob', 'Carol', 'Dave', 'Erin', 'Frank'], 1);
    const reply = await t.callDecoded('/decrypt', { ...ALICE, Data: blob });
    expect(reply.decoded.Delegates).toEqual(['Frank']);
    const live = (await t.call('/summary', ALICE)).Live;
    expect(Object.keys(live).sort()).toEqual(['Bob', 'Carol', 'Dave', 'Erin']);
  });

  it('reads threshold gates, nested gates in any position included', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Predicate: '(2, Bob, Carol, (1, Erin, Frank))' });
    await delegateAll(t, ['Carol', 'Frank']);
    const reply = await t.callDecoded('/decrypt', { ...ALICE, Data: blob });
    expect(Buffer.from(reply.decoded.Data, 'base64').toString()).toBe('predicate');
    expect([...reply.decoded.Delegates].sort()).toEqual(['Carol', 'Frank']);
  });
});

describe('M-of-N beyond two', () => {
  it('encodes 3 of 4 owners as a threshold predicate', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = await encrypt(t, { Minimum: 3, Owners: ['Bob', 'Carol', 'Erin', 'Frank'] });
    const owners = await t.call('/owners', { Data: blob });
    expect(owners.Predicate).toBe('(3, Bob, Carol, Erin, Frank)');
    expect([...owners.Owners].sort()).toEqual(['Bob', 'Carol', 'Erin', 'Frank']);

    await delegateAll(t, ['Bob', 'Erin']);
    expect((await t.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('not enough shares to recover');
    await delegateAll(t, ['Bob', 'Carol', 'Erin', 'Frank']);
    const reply = await t.callDecoded('/decrypt', { ...ALICE, Data: blob });
    expect(reply.decoded.Delegates).toHaveLength(3);
  });

  it('refuses impossible or ambiguous requests with clear statuses', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const call = (access: Record<string, unknown>) => t.call('/encrypt', { ...ALICE, ...access, Data: 'eA==' });
    expect((await call({ Minimum: 3, Owners: ['Bob', 'Carol'] })).Status).toBe('Minimum is larger than the number of Owners');
    expect((await call({ Minimum: 3, Owners: ['Bob', 'Carol', 'Zed'] })).Status).toBe('Missing user on disk');
    expect((await call({ Minimum: 1, Owners: ['Bob'], Predicate: 'Bob & Carol' })).Status).toBe(
      'Give only one of Owners (with Minimum), LeftOwners and RightOwners, or Predicate',
    );
    expect((await call({ LeftOwners: ['Bob'], RightOwners: ['Carol'], Predicate: 'Bob' })).Status).toBe(
      'Give only one of Owners (with Minimum), LeftOwners and RightOwners, or Predicate',
    );
  });
});

describe('bad predicates', () => {
  it.each([
    ['Bob & Zed', "Unknown user 'Zed' in predicate."],
    ['Bob & ', 'Invalid string: There needs to be an operator (& or |) for every pair of operands.'],
    ['(2, Bob, Carol', 'Invalid string: Needs to begin and end with parentheses.'],
    ['(2, Bob, (1, Carol, Erin)', 'Invalid string: Not finished parsing, but out of data. Too many opening parentheses or too few closing parentheses?'],
  ])('refuses %j', async (predicate, status) => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    expect((await t.call('/encrypt', { ...ALICE, Predicate: predicate, Data: 'eA==' })).Status).toBe(status);
  });

  it.each([
    ['(0, Bob, Carol)', /threshold/i],
    ['(3, Bob, Carol)', /threshold/i],
    ['Bob & (Carol | )', /operator/i],
    ['(2, Bob, , Carol)', /name/i],
    ['('.repeat(70) + 'Bob' + ')'.repeat(70), /deep|nest/i],
    ['Bob | '.repeat(2000) + 'Bob', /long/i],
  ])('refuses %j with a status naming the problem', async (predicate, pattern) => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const reply = await t.call('/encrypt', { ...ALICE, Predicate: predicate, Data: 'eA==' });
    expect(reply.Status).not.toBe('ok');
    expect(reply.Status).toMatch(pattern);
  });
});
