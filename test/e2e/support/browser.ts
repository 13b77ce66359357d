import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import jsQR from 'jsqr';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { local } from './emulator';

/** Debian's Chromium (README: Set up); Playwright's own browser download is not used. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, sandbox off (containers), and nothing that would reach the network on its own. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** A fresh headless Chromium with an empty profile (Playwright gives every launch a new temporary user-data-dir). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with: sudo apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new browser context on the app (a phone-sized window), recording what must never happen: a request
 * to any origin but the app's own (which is also the API's locally), and a CSP violation.
 */
export async function newAppContext(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL: local.apiUrl, viewport: { width: 480, height: 900 } });
  const problems: string[] = [];
  const origin = new URL(local.apiUrl).origin;
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && url.protocol !== 'data:') problems.push(`request to ${url.origin}`);
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/** No serious or critical axe violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(blocking.map(({ id, help, nodes }) => `${id}: ${help} (${nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
}

/**
 * Saves a screenshot for docs/web-app.md when WEB_SCREENSHOTS_DIR is set (`npm run docs:screenshots`);
 * the normal test run writes nothing. A page is shot whole, or only its window (`fullPage: false`,
 * for long pages such as the console); a locator, just that element.
 */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.WEB_SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path: file, fullPage: options.fullPage ?? true });
  else await target.screenshot({ path: file });
}

/** Reads the QR code shown on the page the way a phone would: from the pixels on screen. */
export async function scanQrCode(page: Page, selector: string): Promise<string> {
  const png = PNG.sync.read(await page.locator(selector).screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!decoded) throw new Error('no QR code found in the image');
  return decoded.data;
}
