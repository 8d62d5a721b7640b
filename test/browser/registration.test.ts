/**
 * Admin-only registration (`registration.admin_only`) from the page: the
 * create-user form carries an administrator's credentials when they are needed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  card,
  fill,
  hasChromium,
  launchChromium,
  openPage,
  openTab,
  startPageServer,
  submit,
  submitOk,
  DESKTOP,
  type PageServer,
} from './harness.js';

const runs = hasChromium() || process.env.CI === 'true';
const ALICE = { Name: 'Alice', Password: 'alice pass 1' };

describe.runIf(runs)('admin-only registration in the web page', { timeout: 30_000 }, () => {
  let pageServer: PageServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [pageServer, browser] = await Promise.all([
      startPageServer({ registration: { admin_only: true } }),
      launchChromium(),
    ]);
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: DESKTOP });
    const reply = await context.request.post(`${pageServer.baseUrl}/create`, { data: ALICE });
    expect(await reply.json()).toEqual({ Status: 'ok' });
    page = await context.newPage();
    await openPage(page, `${pageServer.baseUrl}/#users`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
  });

  it('creates a user only with an administrator name and password', async () => {
    await openTab(page, 'Users');
    const createUser = card(page, 'create-user');
    const newcomer = { Name: 'Vetted', Password: 'vetted pass', 'Repeat the password': 'vetted pass', 'Key type': 'ECC' };
    await fill(createUser, newcomer);
    const refused = await submit(createUser);
    expect(refused.ok).toBe(false);
    expect(refused.text).toContain('Admin required');

    await fill(createUser, { ...newcomer, 'Administrator name': ALICE.Name, 'Administrator password': ALICE.Password });
    expect(await submitOk(createUser)).toBe('Created user Vetted with an ECC key.');
    const password = createUser.getByLabel(/^Administrator password/);
    expect(await password.inputValue()).toBe('');
  });
});
