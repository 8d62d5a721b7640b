/// <reference lib="dom" />
/**
 * What the browser tests share: the real server over HTTPS on a loopback
 * port, Debian's chromium driven by playwright-core, and small helpers that
 * use the page the way a person does (labels, buttons, downloads).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { ensureDevCertificate } from '../../src/cli/dev-cert.js';
import { parseFlags } from '../../src/cli/flags.js';
import { resolveSettings, type ConfigFile } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
export const DOCS_SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

export interface PageServer {
  server: RunningServer;
  baseUrl: string;
  /** Lines the server logged at warn level or above. */
  problems: string[];
  close(): Promise<void>;
}

/** Starts the server as the command line would, on an in-memory vault and a fresh certificate (and `config`, as `-f` would). */
export async function startPageServer(config: ConfigFile = {}): Promise<PageServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ro-browser-'));
  const { certPath, keyPath } = await ensureDevCertificate(dir);
  const flags = parseFlags([
    '-vaultpath',
    'memory',
    '-addr',
    '127.0.0.1:0',
    '-certs',
    certPath,
    '-keys',
    keyPath,
    '-metrics-host',
    '127.0.0.1',
    '-metrics-port',
    '0',
  ]);

  const problems: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      problems.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const server = await startServer(
    resolveSettings(flags, config),
    createLogger({ level: 'warn', destination }),
  );
  return {
    server,
    baseUrl: `https://127.0.0.1:${server.address.port}`,
    problems,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** The card of one operation (its `id` in web/js/ops/). */
export function card(page: Page, op: string): Locator {
  return page.locator(`section.card[data-op="${op}"]`);
}

/** Loads `url` and waits until the page's scripts have set it up (it marks <html data-ready>). */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('html[data-ready="true"]').waitFor();
}

/** Switches tab through the navigation, as a user clicks it. */
export async function openTab(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Operations' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.locator(`.tabs__link[aria-current="page"]`, { hasText: label }).waitFor();
}

/** Fills fields by their exact visible label ("(optional)" may follow it). */
export async function fill(target: Locator, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    const field = target.getByLabel(new RegExp(`^${escapeRegExp(label)}( \\(optional\\))?$`));
    if ((await field.evaluate((node) => node.tagName)) === 'SELECT')
      await field.selectOption(value);
    else await field.fill(value);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Outcome {
  ok: boolean;
  text: string;
}

/** Submits a card's form and waits for its outcome: the success sentence or the error. */
export async function submit(target: Locator): Promise<Outcome> {
  await target.locator('form button[type="submit"]').click();
  const outcome = target.locator('.outcome:not(:empty)');
  await outcome.waitFor({ timeout: 30_000 });
  const ok = await outcome.evaluate((node) => node.classList.contains('outcome--ok'));
  return { ok, text: (await outcome.innerText()).trim() };
}

/** Submits and fails the test, with the page's words, unless the operation succeeded. */
export async function submitOk(target: Locator): Promise<string> {
  const outcome = await submit(target);
  if (!outcome.ok) throw new Error(`expected success, the page said: ${outcome.text}`);
  return outcome.text;
}

/** Clicks `trigger` and returns the file the page offered: its name and bytes. */
export async function download(
  page: Page,
  trigger: () => Promise<unknown>,
): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), trigger()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** Drops a file on a drop zone, as dragging it from the desktop does. */
export async function dropFile(
  page: Page,
  zone: Locator,
  name: string,
  bytes: Buffer,
): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name: fileName, data }) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(
        new File([new Uint8Array(data)], fileName, { type: 'application/octet-stream' }),
      );
      return dataTransfer;
    },
    { name, data: [...bytes] },
  );
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await transfer.dispose();
}

/**
 * Full-page screenshots of the current view at desktop and phone widths, in
 * test-output/screenshots/<name>-<width>.png.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${PHONE.width}.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}-${DESKTOP.width}.png`),
    fullPage: true,
  });
}

/**
 * The README's screenshots (docs/screenshots/), one desktop and one phone
 * view. Written when missing or when RO_UPDATE_SCREENSHOTS=1, so test runs do
 * not churn committed images.
 */
export async function screenshotForDocs(page: Page, name: string): Promise<void> {
  const desktop = join(DOCS_SCREENSHOTS, `${name}-desktop.png`);
  const phone = join(DOCS_SCREENSHOTS, `${name}-phone.png`);
  const update = process.env.RO_UPDATE_SCREENSHOTS === '1';
  if (!update && existsSync(desktop) && existsSync(phone)) return;

  await mkdir(DOCS_SCREENSHOTS, { recursive: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: phone, fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: desktop, fullPage: false });
}
