/**
 * Delegation persistence: a store written by the original restores in ours,
 * step by step as the original answered; ours writes a store that restores
 * after a restart (here: fresh services on the same files).
 */
import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { FileDelegationStore } from '../../src/persist/delegation-store.js';
import { FileVaultStore } from '../../src/vault/vault-store.js';
import { startTestApp } from '../support/app.js';
import { fixturePath, readFixture, readFixtureJson } from '../support/fixtures.js';

const persistence = readFixtureJson('cases.json').persistence;
const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const ERIN = { Name: 'Erin', Password: 'erin-p256' };
const POLICY = { policy: '(Bob & Erin)', users: ['Bob', 'Erin'] };

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'ro-persist-'));
  folders.push(folder);
  for (const [name, fixture] of Object.entries(files)) await copyFile(fixturePath(fixture), join(folder, name));
  return folder;
}

async function startWithPersistence(folder: string) {
  return startTestApp({
    store: new FileVaultStore(join(folder, 'vault.json')),
    persistence: { ...POLICY, store: new FileDelegationStore(join(folder, 'persisted.json')) },
  });
}

describe('persistence written by the original', () => {
  it('restores step by step as the original did', async () => {
    const folder = await folderWith({ 'vault.json': 'persistence/vault.json', 'persisted.json': 'persistence/persisted-delegations.json' });
    const t = await startWithPersistence(folder);

    for (const [index, step] of (persistence.restoreSteps as Array<Record<string, any>>).entries()) {
      const body = JSON.parse(JSON.stringify(step.body).replaceAll('"<blob>"', JSON.stringify(persistence.blobCase.blob)));
      const reply = await t.call(step.endpoint, body);
      expect(reply.Status, `step ${index}: ${step.note ?? step.endpoint}`).toBe(step.expectedStatus);
      if (step.expectedDecoded) {
        expect(JSON.parse(Buffer.from(reply.Response, 'base64').toString())).toEqual(step.expectedDecoded);
      }
      if (step.endpoint === '/summary') expect(reply).toEqual(step.response);
      if (step.expectedDelegates) {
        const decoded = JSON.parse(Buffer.from(reply.Response, 'base64').toString());
        expect([...decoded.Delegates].sort()).toEqual(step.expectedDelegates);
      }
    }
    // Ours stores the restored set again at once (merged with what was delegated while waiting);
    // the decrypt above spent a use of each restored delegation, which is stored too.
    expect((await readFile(join(folder, 'persisted.json'))).equals(readFixture('persistence/persisted-delegations.json'))).toBe(false);
  });
});

describe('persistence written by ours', () => {
  it('stores every change (mode 0600) and restores it after a restart only through /restore', async () => {
    const folder = await folderWith({ 'vault.json': 'vault.json' });
    const first = await startWithPersistence(folder);
    expect(JSON.parse(Buffer.from((await first.call('/status', ALICE)).Response, 'base64').toString())).toEqual({
      Status: 'active',
    });
    const blob = (await first.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Carol'], Data: 'c2F2ZWQ=' })).Response;
    expect((await first.call('/delegate', { Name: 'Carol', Password: 'c4r0l!', Uses: 3, Time: '2h', Slot: 'x-1' })).Status).toBe('ok');
    const stored = join(folder, 'persisted.json');
    expect((await stat(stored)).mode & 0o777).toBe(0o600);
    const owners = await first.call('/owners', { Data: (await readFile(stored)).toString('base64') });
    expect(owners).toMatchObject({ Labels: ['restore'], Predicate: '(Bob & Erin)' });
    const before = (await first.call('/summary', ALICE)).Live;
    await first.close();

    const second = await startWithPersistence(folder);
    expect((await second.call('/summary', ALICE)).State).toBe('inactive');
    expect((await second.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('need more delegated keys');
    expect(decodeState(await second.call('/restore', { ...BOB, Time: '1h' }))).toBe('inactive');
    expect(decodeState(await second.call('/restore', { ...ERIN, Time: '1h' }))).toBe('active');
    const after = await second.call('/summary', ALICE);
    expect(after.State).toBe('active');
    expect(after.Live).toEqual(before);
    expect((await second.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('ok');
  });

  it('brings back only what still stands: no deleted user, no grant taken back while waiting, and keeps what was delegated meanwhile', async () => {
    const folder = await folderWith({ 'vault.json': 'vault.json' });
    const first = await startWithPersistence(folder);
    const delegate = async (who: { Name: string; Password: string }, more: Record<string, unknown> = {}) =>
      expect((await first.call('/delegate', { ...who, Uses: 3, Time: '2h', ...more })).Status).toBe('ok');
    const CAROL = { Name: 'Carol', Password: 'c4r0l!' };
    const DAVE = { Name: 'Dave', Password: 'dave_the_3rd' };
    const FRANK = { Name: 'Frank', Password: 'frank_ecc_2' };
    await delegate(CAROL, { Slot: 'a' });
    await delegate(CAROL, { Slot: 'b' });
    await delegate(DAVE);
    await delegate(FRANK, { Users: ['Dave'] });
    await delegate(FRANK, { Slot: 'both', Users: ['Dave', 'Alice'] });
    await first.close();

    const second = await startWithPersistence(folder);
    expect((await second.call('/summary', ALICE)).State).toBe('inactive');
    expect((await second.call('/withdraw', { ...CAROL, Slots: ['a'] })).Status).toBe('ok');
    expect((await second.call('/modify', { ...ALICE, ToModify: 'Dave', Command: 'delete' })).Status).toBe('ok');
    expect((await second.call('/delegate', { ...BOB, Uses: 7, Time: '1h', Slot: 'meanwhile' })).Status).toBe('ok');
    expect(decodeState(await second.call('/restore', { ...BOB, Time: '1h' }))).toBe('inactive');
    expect(decodeState(await second.call('/restore', { ...ERIN, Time: '1h' }))).toBe('active');

    // Frank's grant for Dave alone went with Dave; his grant for Dave and Alice did not stand either:
    // Dave was deleted while it waited, and whoever registers "Dave" next must not inherit it.
    const live = (await second.call('/summary', ALICE)).Live;
    expect(Object.keys(live).sort()).toEqual(['Bob-meanwhile', 'Carol-b']);
    expect(live['Bob-meanwhile'].Uses).toBe(7);
    await second.close();

    // What was merged is what is stored: a third start restores the same set.
    const third = await startWithPersistence(folder);
    await third.call('/restore', { ...BOB, Time: '1h' });
    await third.call('/restore', { ...ERIN, Time: '1h' });
    expect(Object.keys((await third.call('/summary', ALICE)).Live).sort()).toEqual(['Bob-meanwhile', 'Carol-b']);
  });

  it("gives a slot's delegation back to its owner when a user has the name it is listed under", async () => {
    const folder = await folderWith({ 'vault.json': 'vault.json' });
    const first = await startWithPersistence(folder);
    const blob = (await first.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'Ym9i' })).Response;
    expect((await first.call('/delegate', { ...BOB, Uses: 2, Time: '2h', Slot: 'x' })).Status).toBe('ok');
    // "Bob-x" is now both Bob's slot x and, for anyone reading the store, a user.
    expect((await first.call('/create-user', { Name: 'Bob-x', Password: 'squatter' })).Status).toBe('ok');
    await first.close();

    const second = await startWithPersistence(folder);
    await second.call('/restore', { ...BOB, Time: '1h' });
    expect(decodeState(await second.call('/restore', { ...ERIN, Time: '1h' }))).toBe('active');
    const opened = await second.callDecoded('/decrypt', { ...ALICE, Data: blob });
    expect(opened.decoded.Delegates).toEqual(['Bob']);
    const withdrawn = await second.callDecoded('/withdraw', { ...BOB, Slots: ['x'] });
    expect(withdrawn.decoded).toEqual({ Withdrawn: ['Bob-x'] });
  });

  it('brings nothing back after a purge made while waiting for the restore', async () => {
    const folder = await folderWith({ 'vault.json': 'vault.json' });
    const first = await startWithPersistence(folder);
    expect((await first.call('/delegate', { Name: 'Carol', Password: 'c4r0l!', Uses: 3, Time: '2h' })).Status).toBe('ok');
    await first.close();

    const second = await startWithPersistence(folder);
    expect((await second.call('/purge', ALICE)).Status).toBe('ok');
    await second.call('/restore', { ...BOB, Time: '1h' });
    expect(decodeState(await second.call('/restore', { ...ERIN, Time: '1h' }))).toBe('active');
    expect((await second.call('/summary', ALICE)).Live).toEqual({});
  });

  it('refuses a restore by a user outside the policy and resets for admins', async () => {
    const folder = await folderWith({ 'vault.json': 'persistence/vault.json', 'persisted.json': 'persistence/persisted-delegations.json' });
    const t = await startWithPersistence(folder);
    const carol = { Name: 'Carol', Password: 'c4r0l!', Time: '1h' };
    expect(decodeState(await t.call('/restore', carol))).toBe('inactive');
    expect((await t.call('/reset-persisted', BOB)).Status).toBe('Admin required');
    expect(decodeState(await t.call('/reset-persisted', ALICE))).toBe('active');
    await expect(stat(join(folder, 'persisted.json'))).rejects.toThrow();
    expect((await t.call('/summary', ALICE)).Live).toEqual({});
  });

  it('reports a store it cannot write', async () => {
    const folder = await folderWith({ 'vault.json': 'vault.json' });
    const t = await startTestApp({
      store: new FileVaultStore(join(folder, 'vault.json')),
      persistence: { ...POLICY, store: new FileDelegationStore(join(folder, 'missing-dir', 'persisted.json')) },
    });
    const reply = await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h' });
    expect(reply.Status).toBe('persist: the delegations could not be stored');
    expect((await t.call('/summary', ALICE)).Status).toBe('ok');
  });
});

function decodeState(reply: Record<string, any>): string {
  expect(reply.Status).toBe('ok');
  return JSON.parse(Buffer.from(reply.Response, 'base64').toString()).Status;
}
