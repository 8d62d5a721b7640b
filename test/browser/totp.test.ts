/// <reference lib="dom" />
/**
 * The second factor in the web page (Debian's chromium, headless, against the
 * real server over HTTPS): adding an authenticator from its QR code page,
 * confirming it, keeping the recovery codes, and delegating with a code. The
 * codes are computed here from the link the page shows, as an app would.
 */
import { URI, type TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  card,
  fill,
  hasChromium,
  launchChromium,
  openPage,
  openTab,
  screenshotBoth,
  startPageServer,
  submit,
  submitOk,
  DESKTOP,
  type PageServer,
} from './harness.js';

const runs = hasChromium() || process.env.CI === 'true';

const ALICE = { Name: 'Alice', Password: 'alice pass 1' };
const BOB = { Name: 'Bob', Password: 'bob-pass-2' };

/** The app's code for now, `steps` 30-second steps ahead. */
function codeFor(uri: string, steps = 0): string {
  return (URI.parse(uri) as TOTP).generate({ timestamp: Date.now() + steps * 30_000 });
}

describe.runIf(runs)('the second factor in the web page', { timeout: 30_000 }, () => {
  let pageServer: PageServer;
  let browser: Browser;
  let page: Page;
  const pageProblems: string[] = [];
  let uri = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    [pageServer, browser] = await Promise.all([startPageServer(), launchChromium()]);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: DESKTOP });
    for (const [endpoint, body] of [['/create', ALICE], ['/create-user', BOB]] as const) {
      const reply = await context.request.post(`${pageServer.baseUrl}${endpoint}`, { data: body });
      expect(await reply.json()).toEqual({ Status: 'ok' });
    }
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') pageProblems.push(message.text());
    });
    await openPage(page, `${pageServer.baseUrl}/#authenticator`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
  });

  it('adds an authenticator: QR code and link, a first code, ten recovery codes', async () => {
    await openTab(page, 'Authenticator');
    const enrol = card(page, 'totp-enroll');
    await fill(enrol, { 'Your name': BOB.Name, Password: BOB.Password });
    expect(await submitOk(enrol)).toMatch(/^Scan the QR code/);

    uri = await enrol.locator('[data-totp="uri"]').innerText();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Red%20October:Bob\?/);
    // The SVG data URL loads under the page's CSP.
    const width = await enrol
      .locator('img.qr-code')
      .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
    expect(width).toBeGreaterThan(0);

    const confirm = card(page, 'totp-confirm');
    await fill(confirm, { 'Your name': BOB.Name, Password: BOB.Password, 'Authenticator code': '000000' });
    expect(await submit(confirm)).toEqual({ ok: false, text: 'wrong second-factor code' });
    await fill(confirm, { Password: BOB.Password, 'Authenticator code': codeFor(uri) });
    expect(await submitOk(confirm)).toBe('The authenticator of Bob is on.');
    recoveryCodes = await confirm.locator('.recovery-codes li').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await screenshotBoth(page, 'authenticator');
  });

  it('delegates only with a code, and with a recovery code once', async () => {
    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    const form = { 'Your name': BOB.Name, Password: BOB.Password, Uses: '2', 'For how long': '1h' };
    await fill(delegate, form);
    expect(await submit(delegate)).toMatchObject({ ok: false, text: 'second-factor code required' });

    // The confirming code's step is spent; the next step's code is already accepted.
    await fill(delegate, { ...form, 'Authenticator code': codeFor(uri, 1) });
    expect(await submitOk(delegate)).toMatch(/^Delegated the key of Bob: 2 uses/);
    expect(await delegate.getByLabel(/^Authenticator code/).inputValue()).toBe('');

    await fill(delegate, { ...form, 'Authenticator code': recoveryCodes[0]! });
    await submitOk(delegate);
    await fill(delegate, { ...form, 'Authenticator code': recoveryCodes[0]! });
    expect(await submit(delegate)).toMatchObject({ ok: false, text: 'wrong second-factor code' });
    expect(pageProblems).toEqual([]);
  });
});
