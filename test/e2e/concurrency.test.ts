/**
 * Fifty requests at once against the real server, mixing every kind of
 * mutation with encryptions and decryptions (issue #6): every acknowledged
 * write is in the vault file, no delegation is spent more often than its uses,
 * racing /create calls make one admin, and a restart on the file sees it all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { certificateFlags, cleanUp, decodeResponse, makeTempDir, startRedOctober, type Reply } from './harness.js';

afterEach(cleanUp);

const PASSWORD = (name: string) => `${name}-password`;
const user = (name: string) => ({ Name: name, Password: PASSWORD(name) });
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('fifty requests at once', () => {
  it('leave the vault and the delegations consistent, on disk and after a restart', async () => {
    const folder = await makeTempDir();
    const vaultPath = join(folder, 'vault.json');
    const flags = ['-vaultpath', vaultPath, ...(await certificateFlags(folder))];
    const server = await startRedOctober(flags, { cwd: folder });
    const ok = async (endpoint: string, body: unknown) => {
      const reply = await server.call(endpoint, body);
      expect(reply.Status, `${endpoint} ${JSON.stringify(body)}`).toBe('ok');
      return reply;
    };

    // Five would-be first users race to create the vault: one becomes its admin.
    const founders = names('founder', 5);
    const created = await Promise.all(founders.map((name) => server.call('/create', user(name))));
    expect(created.filter((reply) => reply.Status === 'ok')).toHaveLength(1);
    expect(created.filter((reply) => reply.Status === 'Vault is already created')).toHaveLength(4);
    const admin = user(founders[created.findIndex((reply) => reply.Status === 'ok')]!);

    const changers = names('changer', 6);
    const promoted = names('promoted', 6);
    await Promise.all(
      ['owner', ...changers, ...promoted].map((name) => ok('/create-user', { ...user(name), UserType: 'ECC' })),
    );
    const blob = (await ok('/encrypt', { ...admin, Minimum: 1, Owners: ['owner'], Data: Buffer.from('the plans').toString('base64') }))
      .Response as string;

    const newcomers = names('newcomer', 10);
    const slots = names('slot', 8);
    const burst: Array<[kind: string, call: Promise<Reply>]> = [
      ...newcomers.map((name, i): [string, Promise<Reply>] => [
        'create-user',
        server.call('/create-user', { ...user(name), UserType: i < 2 ? 'RSA' : 'ECC' }),
      ]),
      ...slots.map((slot): [string, Promise<Reply>] => [
        'delegate',
        server.call('/delegate', { ...user('owner'), Uses: 1, Time: '1h', Slot: slot }),
      ]),
      ...changers.map((name): [string, Promise<Reply>] => [
        'password',
        server.call('/password', { ...user(name), NewPassword: `${PASSWORD(name)}-new` }),
      ]),
      ...promoted.map((name): [string, Promise<Reply>] => [
        'modify',
        server.call('/modify', { ...admin, ToModify: name, Command: 'admin' }),
      ]),
      ...names('encryption', 8).map((): [string, Promise<Reply>] => [
        'encrypt',
        server.call('/encrypt', { ...admin, Minimum: 1, Owners: ['owner', 'changer0'], Data: 'eA==' }),
      ]),
      ...names('decryption', 12).map((): [string, Promise<Reply>] => ['decrypt', server.call('/decrypt', { ...admin, Data: blob })]),
    ];
    expect(burst).toHaveLength(50);
    const replies = await Promise.all(burst.map(async ([kind, call]) => ({ kind, reply: await call })));
    const statuses = (kind: string) => replies.filter((entry) => entry.kind === kind).map((entry) => entry.reply.Status);

    for (const kind of ['create-user', 'delegate', 'password', 'modify', 'encrypt']) {
      expect(statuses(kind), kind).toEqual(statuses(kind).map(() => 'ok'));
    }
    // A decrypt that ran before any delegation landed is refused; none spends a use twice.
    const decrypted = replies.filter((entry) => entry.kind === 'decrypt' && entry.reply.Status === 'ok');
    expect(statuses('decrypt').every((status) => status === 'ok' || status === 'need more delegated keys')).toBe(true);
    expect(decrypted.length).toBeLessThanOrEqual(slots.length);
    for (const { reply } of decrypted) {
      const { Data, Delegates } = decodeResponse(reply);
      expect(Buffer.from(Data, 'base64').toString('utf8')).toBe('the plans');
      expect(Delegates).toEqual(['owner']);
    }

    console.log(`concurrency: 50 requests at once, ${decrypted.length} of 12 decrypts opened the blob with the 8 uses delegated beside them`);
    const summary = await ok('/summary', admin);
    const live = summary.Live as Record<string, { Uses: number }>;
    const usesLeft = Object.values(live).reduce((sum, delegation) => sum + delegation.Uses, 0);
    expect(usesLeft + decrypted.length).toBe(slots.length);

    // Everything acknowledged is on disk, in a file that parses, and survives a restart.
    const onDisk = JSON.parse(await readFile(vaultPath, 'utf8'));
    const everyone = [...founders.filter((name) => name === admin.Name), 'owner', ...changers, ...promoted, ...newcomers];
    expect(Object.keys(onDisk.Passwords).sort()).toEqual([...everyone].sort());
    expect((await server.stop()).code).toBe(0);

    const restarted = await startRedOctober(flags, { cwd: folder });
    const after = await restarted.call('/summary', admin);
    expect(after.Status).toBe('ok');
    const all = after.All as Record<string, { Admin: boolean }>;
    expect(Object.keys(all).sort()).toEqual([...everyone].sort());
    for (const name of [admin.Name, ...promoted]) expect(all[name]!.Admin, name).toBe(true);
    for (const name of ['owner', ...changers, ...newcomers]) expect(all[name]!.Admin, name).toBe(false);
    for (const name of changers) {
      expect((await restarted.call('/summary', { Name: name, Password: `${PASSWORD(name)}-new` })).Status).toBe('ok');
      expect((await restarted.call('/summary', user(name))).Status).toBe('Wrong Password');
    }
    for (const name of newcomers) expect((await restarted.call('/summary', user(name))).Status).toBe('ok');
  }, 120_000);
});
