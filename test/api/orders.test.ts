/**
 * Orders: ask a blob's owners to delegate; delegations that serve the order
 * are counted on it, the requester's decryption closes it, and people hear
 * about each step through the webhook (a local receiver here).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../src/delegation/clock.js';
import { WebhookNotifier } from '../../src/order/notifier.js';
import { startTestApp } from '../support/app.js';

const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };
const BOB = { Name: 'Bob', Password: "bob's secret phrase" };
const CAROL = { Name: 'Carol', Password: 'c4r0l!' };
const receivers: Server[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) receiver.close();
});

/** A webhook receiver on loopback that fails its first `failures` requests. */
async function startReceiver(failures = 0): Promise<{ url: string; messages: string[] }> {
  const messages: string[] = [];
  let seen = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (seen++ < failures) return void response.writeHead(503).end();
      messages.push(JSON.parse(body).text);
      response.writeHead(200).end('ok');
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, messages };
}

function decoded(reply: Record<string, any>): any {
  expect(reply.Status).toBe('ok');
  return JSON.parse(Buffer.from(reply.Response, 'base64').toString());
}

describe('orders', () => {
  it('counts delegations, closes on decryption, and notifies each step', async () => {
    const receiver = await startReceiver(1);
    const notifier = new WebhookNotifier({ url: receiver.url, attempts: 3, timeoutMs: 2000 });
    const t = await startTestApp({ vaultFixture: 'vault.json', notifier });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 2, Owners: ['Bob', 'Carol'], Data: 'b3JkZXI=', Labels: ['ops'] })).Response;

    const placed = decoded(await t.call('/order', { ...ALICE, Duration: '1h', Uses: 1, Users: ['Alice'], EncryptedData: blob, Labels: ['ops'] }));
    expect(placed.Num).toMatch(/^[0-9a-f]{24}$/);
    expect(placed).toMatchObject({ Creator: 'Alice', Users: ['Alice'], Owners: ['Bob', 'Carol'], Labels: ['ops'], Delegated: 0, OwnersDelegated: null });
    expect(placed.DurationRequested).toBe(3_600_000_000_000);

    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h', Users: ['Alice'], Labels: ['ops'] });
    await t.call('/delegate', { ...CAROL, Uses: 1, Time: '1h', Users: ['Alice'], Labels: ['ops'] });
    const info = decoded(await t.call('/orderinfo', { ...ALICE, OrderNum: placed.Num }));
    expect(info).toMatchObject({ Delegated: 2, OwnersDelegated: ['Bob', 'Carol'] });
    expect(Object.keys(decoded(await t.call('/orderout', BOB)))).toEqual([placed.Num]);

    expect((await t.call('/decrypt', { ...ALICE, Data: blob })).Status).toBe('ok');
    expect((await t.call('/orderinfo', { ...ALICE, OrderNum: placed.Num })).Status).toBe('No order with that number');

    await t.services.notifier.idle();
    // The first delivery is refused once and retried, so arrival order may vary.
    expect(receiver.messages).toHaveLength(4);
    expect(receiver.messages.find((text) => text.startsWith('Alice has created an order'))).toContain(placed.Num);
    expect(receiver.messages).toContain(`Bob has delegated the label ops to Alice (per order ${placed.Num}) for 1h`);
    expect(receiver.messages).toContain(`Carol has delegated the label ops to Alice (per order ${placed.Num}) for 1h`);
    expect(receiver.messages).toContain(`Alice has had order ${placed.Num} fulfilled.`);
    for (const message of receiver.messages) expect(message).not.toContain(BOB.Password);
  });

  it("lets only the creator cancel, and lapses orders after their duration", async () => {
    const clock = new ManualClock();
    const t = await startTestApp({ vaultFixture: 'vault.json', clock });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;
    const order = { ...ALICE, Duration: '10m', Uses: 1, Users: ['Alice'], EncryptedData: blob };
    const first = decoded(await t.call('/order', order));
    expect((await t.call('/ordercancel', { ...BOB, OrderNum: first.Num })).Status).toBe('Invalid Order Number');
    const cancelled = await t.call('/ordercancel', { ...ALICE, OrderNum: first.Num });
    expect(Buffer.from(cancelled.Response, 'base64').toString()).toBe('Successfully removed order');

    const second = decoded(await t.call('/order', order));
    clock.advance(11n * 60_000_000_000n);
    expect((await t.call('/orderinfo', { ...ALICE, OrderNum: second.Num })).Status).toBe('No order with that number');
  });

  it('survive a restart in a private file, and tell the creator when they lapse', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ro-orders-'));
    const location = join(folder, 'orders.json');
    const receiver = await startReceiver();
    const clock = new ManualClock();
    const notifier = new WebhookNotifier({ url: receiver.url });
    const first = await startTestApp({ vaultFixture: 'vault.json', clock, ordersLocation: location, notifier });
    const blob = (await first.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;
    const placed = decoded(await first.call('/order', { ...ALICE, Duration: '10m', Uses: 1, Users: ['Alice'], EncryptedData: blob }));
    expect((await stat(location)).mode & 0o777).toBe(0o600);

    const second = await startTestApp({ vaultFixture: 'vault.json', clock, ordersLocation: location, notifier });
    expect(decoded(await second.call('/orderinfo', { ...ALICE, OrderNum: placed.Num }))).toEqual(placed);
    clock.advance(11n * 60_000_000_000n);
    second.services.orders.dropLapsed();
    await notifier.idle();
    expect(receiver.messages).toContain(`Order ${placed.Num} by Alice expired before it was fulfilled.`);
    const third = await startTestApp({ vaultFixture: 'vault.json', clock, ordersLocation: location });
    expect((await third.call('/orderinfo', { ...ALICE, OrderNum: placed.Num })).Status).toBe('No order with that number');
    await rm(folder, { recursive: true, force: true });
  });

  it('does not tell anyone about their own doing', async () => {
    const receiver = await startReceiver();
    const notifier = new WebhookNotifier({ url: receiver.url });
    const t = await startTestApp({ vaultFixture: 'vault.json', notifier });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 2, Owners: ['Alice', 'Bob'], Data: 'eA==' })).Response;
    decoded(await t.call('/order', { ...ALICE, Duration: '1h', Uses: 1, Users: ['Alice'], EncryptedData: blob }));
    await t.call('/delegate', { ...ALICE, Uses: 1, Time: '1h' });
    await t.call('/delegate', { ...BOB, Uses: 1, Time: '1h' });
    await notifier.idle();
    expect(receiver.messages.filter((text) => text.includes('has delegated'))).toEqual([
      expect.stringMatching(/^Bob has delegated/),
    ]);
  });

  it('refuses incomplete orders with the original statuses', async () => {
    const t = await startTestApp({ vaultFixture: 'vault.json' });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;
    const base = { ...ALICE, Duration: '1h', Uses: 1, Users: ['Alice'], EncryptedData: blob };
    expect((await t.call('/order', { ...base, Duration: '' })).Status).toBe('Duration required when placing an order.');
    expect((await t.call('/order', { ...base, Uses: 0 })).Status).toBe('Number of required uses necessary when placing an order.');
    expect((await t.call('/order', { ...base, Users: [] })).Status).toBe('Must specify at least one user per order.');
    expect((await t.call('/order', { ...base, Users: ['Zed'] })).Status).toBe('User(s) not present: Zed');
    expect((await t.call('/order', { ...base, Duration: '-1h' })).Status).toBe('Duration must be a positive duration');
    expect((await t.call('/order', { ...base, EncryptedData: 'eA==' })).Status).toBe("invalid character 'x' looking for beginning of value");
    expect((await t.call('/orderinfo', { ...ALICE, OrderNum: 'nope' })).Status).toBe('No order with that number');
  });

  it('never lets a dead webhook slow a request down', async () => {
    const notifier = new WebhookNotifier({ url: 'http://127.0.0.1:9/unreachable', attempts: 2, timeoutMs: 200 });
    const t = await startTestApp({ vaultFixture: 'vault.json', notifier });
    const blob = (await t.call('/encrypt', { ...ALICE, Minimum: 1, Owners: ['Bob'], Data: 'eA==' })).Response;
    const started = Date.now();
    const reply = await t.call('/order', { ...ALICE, Duration: '1h', Uses: 1, Users: ['Alice'], EncryptedData: blob });
    const answeredAfter = Date.now() - started;
    expect(reply.Status).toBe('ok');
    await notifier.idle();
    const gaveUpAfter = Date.now() - started;
    // Two failed attempts with a pause between them outlast the request by far.
    expect(gaveUpAfter - answeredAfter).toBeGreaterThanOrEqual(400);
  });
});
