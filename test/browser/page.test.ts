/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The bundled web page in a real browser (Debian's chromium, headless) against
 * the real server over HTTPS. Every operation is driven through the page
 * alone: labels, buttons, file pickers, drag and drop, downloads.
 *
 * The tests share one vault and run in order, as one working session would.
 */
import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  card,
  download,
  dropFile,
  fill,
  hasChromium,
  launchChromium,
  openPage,
  openTab,
  screenshotBoth,
  screenshotForDocs,
  startPageServer,
  submit,
  submitOk,
  DESKTOP,
  type PageServer,
} from './harness.js';

// Without chromium a developer's run skips this suite; CI must have it and fails instead.
const runs = hasChromium() || process.env.CI === 'true';
if (!runs)
  console.warn('test/browser: /usr/bin/chromium is missing (apt-get install -y chromium); skipped');

/** Every byte value, with NUL and 0xff at both ends, and some noise. */
const SAMPLE = Buffer.concat([
  Buffer.from([0x00, 0xff, 0x00]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  randomBytes(3000),
  Buffer.from([0xff, 0x00, 0xff]),
]);

const ALICE = { name: 'Alice', password: 'alice pass 1' };
const BOB = { name: 'Bob', password: 'bob-pass-2' };
const CAROL = { name: 'Carol', password: 'carol #3' };

describe.runIf(runs)('the web page, in chromium', { timeout: 45_000 }, () => {
  let pageServer: PageServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  const pageProblems: string[] = [];
  let blob = '';

  beforeAll(async () => {
    [pageServer, browser] = await Promise.all([startPageServer(), launchChromium()]);
    baseUrl = pageServer.baseUrl;
    context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: DESKTOP,
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        pageProblems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(baseUrl) && !url.startsWith('blob:') && !url.startsWith('data:')) {
        pageProblems.push(`request to another host: ${url}`);
      }
    });
    await openPage(page, `${baseUrl}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
  });

  it('serves the page with a strict CSP, and the API still answers plain JSON', async () => {
    const pageReply = await context.request.get(`${baseUrl}/index`);
    expect(pageReply.status()).toBe(200);
    expect(pageReply.headers()['content-type']).toMatch(/^text\/html/);
    const csp = pageReply.headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(pageReply.headers()['x-content-type-options']).toBe('nosniff');
    expect(pageReply.headers()['strict-transport-security']).toBe(
      'max-age=86400; includeSubDomains; preload',
    );

    const apiReply = await context.request.post(`${baseUrl}/summary`, {
      data: { Name: 'x', Password: 'y' },
    });
    expect(apiReply.headers()['content-type']).toBe('application/json');
    expect(await apiReply.json()).toEqual({ Status: 'vault has not been created' });

    // Any unknown path serves the page, and its assets load from there too.
    const deep = await context.newPage();
    await openPage(deep, `${baseUrl}/some/unknown/path`);
    await deep.close();
  });

  it('can be used with the keyboard alone, with a visible focus', async () => {
    const focused = () =>
      page.evaluate(() => {
        const node = document.activeElement as HTMLElement;
        const style = getComputedStyle(node);
        return {
          text: node.textContent?.trim() || node.getAttribute('name'),
          outlined: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
        };
      });
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Skip to the forms', outlined: true });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Summary', outlined: true });
    await page.keyboard.press('Enter');
    await page.locator('.tabs__link[aria-current="page"]', { hasText: 'Summary' }).waitFor();

    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Name', outlined: true });
    await page.keyboard.type(ALICE.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type('anything');
    await page.keyboard.press('Enter');
    const summary = card(page, 'summary');
    await summary.locator('.outcome--error:not(:empty)').waitFor();
    expect(await summary.locator('.outcome--error').innerText()).toContain(
      'vault has not been created',
    );
    expect(await focused()).toMatchObject({ text: 'Show summary' });

    // The skip link jumps past the navigation and leaves the tab as it was.
    const other = await context.newPage();
    await openPage(other, `${baseUrl}/#summary`);
    await other.keyboard.press('Tab');
    await other.keyboard.press('Enter');
    await other.keyboard.press('Tab');
    const where = await other.evaluate(() => ({
      tab: document.querySelector('.tabs__link[aria-current="page"]')?.textContent,
      field: document.activeElement?.closest('section.card')?.getAttribute('data-op'),
    }));
    expect(where).toEqual({ tab: 'Summary', field: 'summary' });
    await other.close();
  });

  it("fills the delegate form from a link with the original's query parameters", async () => {
    const linked = await context.newPage();
    const query =
      'delegator=Alice&delegatee=Bob%2CCarol&label=blue&duration=2h30m&uses=3&ordernum=4f2a';
    await openPage(linked, `${baseUrl}/?${query}`);
    const form = card(linked, 'delegate');
    expect(await form.isVisible()).toBe(true);
    const values = await form
      .locator('input')
      .evaluateAll((inputs) =>
        Object.fromEntries(
          inputs.map((input) => [
            (input as HTMLInputElement).name,
            (input as HTMLInputElement).value,
          ]),
        ),
      );
    expect(values).toEqual({
      Name: 'Alice',
      Password: '',
      Code: '',
      Uses: '3',
      Time: '2h30m',
      Slot: '4f2a',
      Users: 'Bob,Carol',
      Labels: 'blue',
    });
    await linked.close();
  });

  it('runs a two-person session: vault, two users, both delegate, encrypt a file, decrypt it', async () => {
    await openTab(page, 'Admin');
    await fill(card(page, 'create-vault'), {
      'Administrator name': ALICE.name,
      Password: ALICE.password,
      'Repeat the password': ALICE.password,
    });
    expect(await submitOk(card(page, 'create-vault'))).toBe(
      'Created the vault, with Alice as its administrator.',
    );

    await openTab(page, 'Users');
    const createUser = card(page, 'create-user');
    await fill(createUser, {
      Name: BOB.name,
      Password: BOB.password,
      'Repeat the password': BOB.password,
      'Key type': 'ECC',
    });
    expect(await submitOk(createUser)).toBe('Created user Bob with an ECC key.');

    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    for (const user of [ALICE, BOB]) {
      await fill(delegate, {
        'Your name': user.name,
        Password: user.password,
        Uses: '2',
        'For how long': '1h',
      });
      expect(await submitOk(delegate)).toMatch(
        new RegExp(`^Delegated the key of ${user.name}: 2 uses, until about `),
      );
      expect(await delegate.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    }

    await openTab(page, 'Summary');
    await showSummary(ALICE);
    expect(await delegationRows()).toEqual([
      ['Alice', '2', 'anyone', 'none', 'RSA, admin'],
      ['Bob', '2', 'anyone', 'none', 'ECC'],
    ]);
    expect(await userRows()).toEqual([
      ['Alice', 'RSA', 'yes'],
      ['Bob', 'ECC', 'no'],
    ]);
    await screenshotBoth(page, 'summary');
    await screenshotForDocs(page, 'summary');

    await openTab(page, 'Encrypt');
    const encrypt = card(page, 'encrypt');
    await fill(encrypt, {
      'Your name': ALICE.name,
      Password: ALICE.password,
      Owners: 'Alice, Bob',
      'How many must delegate': '2',
    });
    await dropFile(page, encrypt.locator('[data-dropzone]'), 'sample.bin', SAMPLE);
    await expect
      .poll(() => encrypt.locator('.dropzone__chosen').innerText())
      .toContain('sample.bin');
    expect(await submitOk(encrypt)).toBe(
      `Encrypted sample.bin (3.3 kB) for Alice and Bob together.`,
    );
    const blobFile = await download(page, () =>
      encrypt.getByRole('button', { name: 'Download sample.bin.ro' }).click(),
    );
    expect(blobFile.name).toBe('sample.bin.ro');
    blob = blobFile.bytes.toString('ascii');
    expect(blob).toBe(await encrypt.getByLabel('Encrypted blob').inputValue());
    await screenshotBoth(page, 'encrypt');

    await openTab(page, 'Decrypt');
    const decrypt = card(page, 'decrypt');
    await fill(decrypt, { 'Your name': BOB.name, Password: BOB.password });
    await decrypt
      .locator('input[type="file"]')
      .setInputFiles({ name: 'sample.bin.ro', mimeType: 'text/plain', buffer: blobFile.bytes });
    expect(await submitOk(decrypt)).toBe('Decrypted 3.3 kB with the delegations of Alice and Bob.');
    const plainFile = await download(page, () =>
      decrypt.getByRole('button', { name: 'Download sample.bin' }).click(),
    );
    expect(plainFile.name).toBe('sample.bin');
    expect(plainFile.bytes.equals(SAMPLE)).toBe(true);
    await screenshotBoth(page, 'decrypt');

    await openTab(page, 'Summary');
    await showSummary(BOB);
    expect((await delegationRows()).map((row) => row.slice(0, 2))).toEqual([
      ['Alice', '1'],
      ['Bob', '1'],
    ]);
  });

  it('shows who owns a blob, and the predicate of one encrypted for a predicate', async () => {
    await openTab(page, 'Blobs');
    const owners = card(page, 'owners');
    await fill(owners, { 'Blob (base64)': blob });
    expect(await submitOk(owners)).toBe('This blob has 2 owners.');
    expect(await owners.locator('.facts').innerText()).toMatch(
      /Owners\s+Alice and Bob\s+Labels\s+none/,
    );

    await openTab(page, 'Encrypt');
    const encrypt = card(page, 'encrypt');
    await encrypt.getByRole('button', { name: 'Remove file' }).click();
    await encrypt.getByLabel('A predicate').check();
    await fill(encrypt, {
      'Your name': ALICE.name,
      Password: ALICE.password,
      Predicate: 'Alice | Bob',
      Labels: 'blue',
      Text: 'either of us',
    });
    expect(await submitOk(encrypt)).toBe(
      'Encrypted the text (12 bytes) for the predicate Alice | Bob.',
    );
    const predicateBlob = await encrypt.getByLabel('Encrypted blob').inputValue();

    await openTab(page, 'Blobs');
    await fill(owners, { 'Blob (base64)': predicateBlob });
    await submitOk(owners);
    expect(await owners.locator('.facts').innerText()).toMatch(
      /Labels\s+blue\s+Predicate\s+Alice \| Bob/,
    );
  });

  it('places, lists, looks up and cancels an order for delegations', async () => {
    await openTab(page, 'Orders');
    const order = card(page, 'order');
    await fill(order, {
      'Your name': BOB.name,
      Password: BOB.password,
      'Blob (base64)': blob,
      'Who will decrypt': 'Bob',
      Uses: '1',
      'For how long': '2h',
    });
    const placed = await submitOk(order);
    const num = /^Placed order ([0-9a-f]{24})\.$/.exec(placed)?.[1];
    expect(num, placed).toBeDefined();
    expect(await order.locator('.facts').innerText()).toMatch(
      /Asked by\s+Bob[\s\S]*Owners\s+Alice and Bob[\s\S]*Duration asked\s+2h/,
    );

    const outstanding = card(page, 'orders-outstanding');
    await fill(outstanding, { 'Your name': ALICE.name, Password: ALICE.password });
    expect(await submitOk(outstanding)).toBe('1 open order.');
    expect(await outstanding.locator(`[data-order="${num}"]`).count()).toBe(1);

    const info = card(page, 'order-info');
    await fill(info, { 'Your name': ALICE.name, Password: ALICE.password, 'Order number': num! });
    expect(await submitOk(info)).toBe(`Order ${num} is open.`);

    const cancel = card(page, 'order-cancel');
    await fill(cancel, { 'Your name': ALICE.name, Password: ALICE.password, 'Order number': num! });
    expect(await submit(cancel)).toEqual({ ok: false, text: 'Invalid Order Number' });
    await fill(cancel, { 'Your name': BOB.name, Password: BOB.password });
    expect(await submitOk(cancel)).toBe(`Cancelled order ${num}.`);
    await screenshotBoth(page, 'orders');
  });

  it('encrypts and decrypts pasted text, for one owner of each group', async () => {
    const text = 'Launch codes: 0000\nÆøå — 東京 ✓';
    await openTab(page, 'Encrypt');
    const encrypt = card(page, 'encrypt');
    await encrypt.getByLabel('One owner from each of two groups').check();
    await fill(encrypt, {
      'Your name': BOB.name,
      Password: BOB.password,
      'First group': 'Alice',
      'Second group': 'Bob',
      Labels: '',
      Text: text,
    });
    expect(await submitOk(encrypt)).toMatch(
      /^Encrypted the text \(\d+ bytes\) for one of Alice with one of Bob\.$/,
    );
    const textBlob = await encrypt.getByLabel('Encrypted blob').inputValue();

    await openTab(page, 'Decrypt');
    const decrypt = card(page, 'decrypt');
    await decrypt.getByRole('button', { name: 'Remove file' }).click();
    await fill(decrypt, {
      'Your name': ALICE.name,
      Password: ALICE.password,
      'Blob (base64)': textBlob,
    });
    expect(await submitOk(decrypt)).toMatch(/with the delegations of Alice and Bob\.$/);
    expect(await decrypt.getByLabel('Decrypted text').inputValue()).toBe(text);
    const file = await download(page, () =>
      decrypt.getByRole('button', { name: 'Download decrypted.bin' }).click(),
    );
    expect(file.bytes.toString('utf8')).toBe(text);

    await decrypt.getByRole('button', { name: 'Clear' }).click();
    expect(await decrypt.getByLabel('Decrypted text').count()).toBe(0);
  });

  it("shows the server's error next to the form, as text, and clears the password", async () => {
    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    await fill(delegate, { 'Your name': ALICE.name, Password: 'not her password' });
    const outcome = await submit(delegate);
    expect(outcome).toEqual({ ok: false, text: 'Wrong Password' });
    expect(await delegate.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await delegate.getByRole('button', { name: 'Delegate' }).isEnabled()).toBe(true);
    await screenshotBoth(page, 'delegate-error');

    // Server text that looks like markup stays text.
    await fill(delegate, { Password: ALICE.password, 'Only for these users': '<img src=x>' });
    expect(await submit(delegate)).toEqual({ ok: false, text: 'User(s) not present: <img src=x>' });
    expect(await delegate.locator('img').count()).toBe(0);
    await fill(delegate, { 'Only for these users': '' });

    // The page's own checks speak before any request is sent.
    await fill(delegate, { Password: ALICE.password, 'For how long': 'soon' });
    expect(await submit(delegate)).toEqual({
      ok: false,
      text: 'Write the time as a duration such as 1h30m, 90m or 45s.',
    });
    expect(await delegate.getByLabel(/^For how long/).getAttribute('aria-invalid')).not.toBeNull();
    await fill(delegate, { 'For how long': '1h' });
  });

  it('ignores a second submit while the first request is out, and shows it is busy', async () => {
    await openTab(page, 'Users');
    const createUser = card(page, 'create-user');
    await fill(createUser, {
      Name: CAROL.name,
      Password: CAROL.password,
      'Repeat the password': CAROL.password,
      'Key type': 'RSA',
    });
    let requests = 0;
    const count = (request: { url(): string }) => {
      if (request.url().endsWith('/create-user')) requests += 1;
    };
    page.on('request', count);
    const busy = await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('form[data-op="create-user"]')!;
      form.requestSubmit();
      const button = form.querySelector('button[type="submit"]')!;
      const state = {
        disabled: (button as HTMLButtonElement).matches(':disabled'),
        label: button.textContent,
      };
      form.requestSubmit();
      return state;
    });
    expect(busy).toEqual({ disabled: true, label: 'Creating user…' });
    await createUser.locator('.outcome:not(:empty)').waitFor();
    page.off('request', count);
    expect(requests).toBe(1);
    expect(await createUser.locator('.outcome--ok').innerText()).toBe(
      'Created user Carol with an RSA key.',
    );
  });

  it('re-encrypts a blob for new owners', async () => {
    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    for (const user of [ALICE, BOB]) {
      await fill(delegate, {
        'Your name': user.name,
        Password: user.password,
        Uses: '1',
        'For how long': '30m',
      });
      await submitOk(delegate);
    }

    await openTab(page, 'Blobs');
    const reEncrypt = card(page, 're-encrypt');
    await fill(reEncrypt, {
      'Your name': ALICE.name,
      Password: ALICE.password,
      Owners: 'Alice, Carol',
      'New labels': 'red',
    });
    await reEncrypt
      .locator('input[type="file"]')
      .setInputFiles({ name: 'sample.bin.ro', mimeType: 'text/plain', buffer: Buffer.from(blob) });
    expect(await submitOk(reEncrypt)).toBe('Re-encrypted the blob for Alice and Carol together.');
    const newBlob = await download(page, () =>
      reEncrypt.getByRole('button', { name: 'Download sample.bin.ro' }).click(),
    );

    const owners = card(page, 'owners');
    await fill(owners, { 'Blob (base64)': newBlob.bytes.toString('ascii') });
    await submitOk(owners);
    expect(await owners.locator('.facts').innerText()).toMatch(
      /Owners\s+Alice and Carol\s+Labels\s+red/,
    );
  });

  it('signs with an SSH key kept in a blob, without the key leaving the server', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = Buffer.from(privateKey.export({ type: 'pkcs1', format: 'pem' }));
    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    for (const user of [ALICE, BOB]) {
      await fill(delegate, {
        'Your name': user.name,
        Password: user.password,
        Uses: '1',
        'For how long': '30m',
      });
      await submitOk(delegate);
    }

    await openTab(page, 'Encrypt');
    const encrypt = card(page, 'encrypt');
    await encrypt.getByLabel('Named owners').check();
    await fill(encrypt, {
      'Your name': ALICE.name,
      Password: ALICE.password,
      Owners: 'Alice, Bob',
      'How many must delegate': '2',
      Labels: '',
      Usages: 'ssh-sign-with',
    });
    await encrypt
      .locator('input[type="file"]')
      .setInputFiles({ name: 'id_rsa', mimeType: 'application/octet-stream', buffer: keyFile });
    await submitOk(encrypt);
    const keyBlob = await encrypt.getByLabel('Encrypted blob').inputValue();

    await openTab(page, 'Blobs');
    const sign = card(page, 'ssh-sign');
    await fill(sign, {
      'Your name': BOB.name,
      Password: BOB.password,
      'Key blob (base64)': keyBlob,
      'Text to sign': 'sign me',
      'RSA signature algorithm': 'rsa-sha2-256',
    });
    expect(await submitOk(sign)).toBe(
      'Signed with the delegations of Alice and Bob: rsa-sha2-256 signature.',
    );
    const signature = Buffer.from(
      await sign.getByLabel('Signature (base64)').inputValue(),
      'base64',
    );
    expect(verify('sha256', Buffer.from('sign me'), publicKey, signature)).toBe(true);
    const file = await download(page, () =>
      sign.getByRole('button', { name: 'Download data.sig' }).click(),
    );
    expect(file.bytes.equals(signature)).toBe(true);
  });

  it('reports persistence: status, restore and reset', async () => {
    await openTab(page, 'Persistence');
    const status = card(page, 'persistence-status');
    await fill(status, { 'Your name': BOB.name, Password: BOB.password });
    expect(await submitOk(status)).toMatch(/^Persistence is off/);

    const restore = card(page, 'restore');
    await fill(restore, {
      'Your name': BOB.name,
      Password: BOB.password,
      Uses: '1',
      'For how long': '1h',
    });
    expect(await submit(restore)).toEqual({
      ok: false,
      text: 'persist: null store does not support delegations',
    });

    const reset = card(page, 'reset-persisted');
    await fill(reset, { 'Administrator name': ALICE.name, Password: ALICE.password });
    page.once('dialog', (dialog) => void dialog.accept());
    expect(await submitOk(reset)).toMatch(/^Reset\. Persistence is off/);
  });

  it('changes a password', async () => {
    await openTab(page, 'Users');
    const password = card(page, 'password');
    await fill(password, {
      'Your name': CAROL.name,
      'Current password': CAROL.password,
      'New password': 'carol new',
      'Repeat the new password': 'carol new',
    });
    expect(await submitOk(password)).toBe('Changed the password of Carol.');
    CAROL.password = 'carol new';

    await openTab(page, 'Summary');
    await showSummary(CAROL);
  });

  it('makes a user administrator, revokes it, and deletes the user', async () => {
    await openTab(page, 'Admin');
    const modify = card(page, 'modify');
    const change = async (command: string) => {
      await fill(modify, {
        'Administrator name': ALICE.name,
        Password: ALICE.password,
        'User to change': CAROL.name,
        Change: command,
      });
      return submitOk(modify);
    };
    expect(await change('admin')).toBe('Carol is now an administrator.');
    expect(await userRow('Carol')).toEqual(['Carol', 'RSA', 'yes']);
    expect(await change('revoke')).toBe('Carol is no longer an administrator.');
    expect(await userRow('Carol')).toEqual(['Carol', 'RSA', 'no']);

    page.once('dialog', (dialog) => void dialog.accept());
    expect(await change('delete')).toBe('Deleted user Carol.');
    expect(await userRow('Carol')).toBeUndefined();
  });

  it('purges every delegation and exports the vault file', async () => {
    await openTab(page, 'Admin');
    const purge = card(page, 'purge');
    await fill(purge, { 'Administrator name': ALICE.name, Password: ALICE.password });
    page.once('dialog', (dialog) => void dialog.accept());
    expect(await submitOk(purge)).toBe('Every live delegation has ended.');

    const exportCard = card(page, 'export');
    await fill(exportCard, { 'Administrator name': ALICE.name, Password: ALICE.password });
    const vault = await download(page, () => submitOk(exportCard));
    expect(vault.name).toMatch(/^vault-\d{4}-\d\d-\d\d\.json$/);
    const text = vault.bytes.toString('utf8');
    expect(Object.keys(JSON.parse(text).Passwords).sort()).toEqual(['Alice', 'Bob']);
    // Saved as the server sent it: the big integers keep every digit.
    expect(text).toMatch(/"N":\d{300,}/);
    await screenshotBoth(page, 'admin');

    await openTab(page, 'Summary');
    await showSummary(ALICE);
    expect(await card(page, 'summary').locator('.result').innerText()).toContain(
      'No live delegations.',
    );
  });

  it("counts down to each delegation's expiry on the summary", async () => {
    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    await fill(delegate, {
      'Your name': BOB.name,
      Password: BOB.password,
      Uses: '3',
      'For how long': '5s',
      Slot: 'brief',
    });
    await submitOk(delegate);

    await openTab(page, 'Summary');
    await showSummary(BOB);
    const countdown = card(page, 'summary')
      .locator('tr', { hasText: 'Bob-brief' })
      .locator('.countdown');
    const first = seconds(await countdown.innerText());
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(5);
    await expect
      .poll(async () => seconds(await countdown.innerText()), { timeout: 5000, interval: 200 })
      .toBeLessThan(first);
    await expect
      .poll(() => countdown.innerText(), { timeout: 12_000, interval: 250 })
      .toBe('expired');
  });

  it('takes back one slot, the unnamed one, then all of an owner\'s delegations', async () => {
    await openTab(page, 'Delegate');
    const delegate = card(page, 'delegate');
    for (const slot of ['', 'day', 'night']) {
      await fill(delegate, { 'Your name': BOB.name, Password: BOB.password, Uses: '2', 'For how long': '1h', Slot: slot });
      await submitOk(delegate);
    }

    const withdraw = card(page, 'withdraw');
    const takeBack = async (which: string, slots = '') => {
      await fill(withdraw, { 'Your name': BOB.name, Password: BOB.password, 'Which delegations': which, Slots: slots });
      return submit(withdraw);
    };
    expect(await takeBack('listed')).toEqual({ ok: false, text: 'Name the slots to take back, separated by commas.' });
    expect(await takeBack('listed', 'night')).toEqual({ ok: true, text: 'Took back 1 delegation: Bob-night.' });
    expect(await takeBack('unnamed')).toEqual({ ok: true, text: 'Took back 1 delegation: Bob.' });

    await openTab(page, 'Summary');
    await showSummary(BOB);
    expect((await delegationRows()).map((row) => row[0])).toEqual(['Bob-day']);

    await openTab(page, 'Delegate');
    expect(await takeBack('all')).toEqual({ ok: true, text: 'Took back 1 delegation: Bob-day.' });
    expect(await takeBack('all')).toEqual({ ok: true, text: 'Nothing to take back: none of those delegations was live.' });
    await screenshotBoth(page, 'withdraw');
  });

  it('keeps no passwords: empty password fields, no storage, no cookies', async () => {
    const kept = await page.evaluate(() => ({
      filledPasswords: [
        ...document.querySelectorAll<HTMLInputElement>('input[type="password"]'),
      ].filter((input) => input.value !== '').length,
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      cookies: document.cookie,
    }));
    expect(kept).toEqual({ filledPasswords: 0, localStorage: 0, sessionStorage: 0, cookies: '' });
  });

  it('met no script error, CSP violation, other host or server fault on the way', async () => {
    expect(pageProblems).toEqual([]);
    // A value the page forgot to turn into words shows up as a text node of its own.
    const strayValues = await page.locator('main').evaluate((main) => {
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      const found: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/^(null|undefined|NaN)$|\[object \w+\]/.test(node.textContent ?? ''))
          found.push(node.textContent!);
      }
      return found;
    });
    expect(strayValues).toEqual([]);
    expect(pageServer.problems.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  async function showSummary(user: { name: string; password: string }): Promise<void> {
    const summary = card(page, 'summary');
    await fill(summary, { 'Your name': user.name, Password: user.password });
    await submitOk(summary);
  }

  async function delegationRows(): Promise<string[][]> {
    return tableRows('.data-table--delegations', (cells) => [
      cells[0]!,
      cells[1]!,
      cells[3]!,
      cells[4]!,
      cells[5]!,
    ]);
  }

  async function userRows(): Promise<string[][]> {
    return tableRows('.data-table--users', (cells) => cells);
  }

  async function userRow(name: string): Promise<string[] | undefined> {
    await openTab(page, 'Summary');
    await showSummary(ALICE);
    const rows = await userRows();
    await openTab(page, 'Admin');
    return rows.find((row) => row[0] === name);
  }

  async function tableRows(
    selector: string,
    pick: (cells: string[]) => string[],
  ): Promise<string[][]> {
    const rows = card(page, 'summary').locator(`${selector} tbody tr`);
    const all = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    return all.map(pick);
  }
});

/** "1h 02m 03s", "4m 09s", "42s" -> seconds. */
function seconds(text: string): number {
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+)([dhms])/g)) {
    total += Number(value) * { d: 86_400, h: 3600, m: 60, s: 1 }[unit as 'd' | 'h' | 'm' | 's'];
  }
  return total;
}
