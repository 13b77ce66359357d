import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { totp } from '../../../local/totp';
import { WEB_PAGES } from '../../../web/pages';
import { expectAccessible, scanQrCode, screenshot } from './browser';

/** Steps of the web app that several browser tests take, as a person would: by labels and button names. */

export const fieldOn = (on: Page | Locator, label: string) => on.getByLabel(label, { exact: true });
export const buttonOn = (on: Page | Locator, name: string) => on.getByRole('button', { name, exact: true });

/** Sign in on the sign-in page: email and password, then a code from the authenticator app; waits for the console. */
export async function signInOn(page: Page, email: string, password: string, totpSecret: string): Promise<void> {
  await page.goto(WEB_PAGES.signIn);
  await fieldOn(page, 'Email').fill(email);
  await fieldOn(page, 'Password').fill(password);
  await buttonOn(page, 'Sign in').click();
  await fieldOn(page, 'Code from your authenticator app').fill(totp(totpSecret));
  await buttonOn(page, 'Verify').click();
  await page.waitForURL(`**${WEB_PAGES.console}`);
}

/**
 * The authenticator set-up step of a sign-in: the QR code, read from the screen and decoded, gives
 * the secret; a wrong code is refused, the right one accepted. Returns the secret.
 */
export async function setUpAuthenticator(page: Page, email: string, shoot = false): Promise<string> {
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  await expectAccessible(page);
  if (shoot) await screenshot(page, 'authenticator-setup');

  const uri = new URL(await scanQrCode(page, 'canvas.qr'));
  expect(uri.protocol).toBe('otpauth:');
  expect(uri.host).toBe('totp');
  expect(decodeURIComponent(uri.pathname)).toContain(email);
  const secret = uri.searchParams.get('secret') as string;
  // The same secret is on the page as text, for typing in by hand.
  expect(await page.locator('code.secret').getAttribute('data-secret')).toBe(secret);

  await fieldOn(page, 'Code shown by the app').fill(totp(secret) === '000000' ? '111111' : '000000');
  await buttonOn(page, 'Confirm').click();
  await expect.poll(() => page.getByRole('alert').innerText()).toContain('That code is not right or has expired');

  await fieldOn(page, 'Code shown by the app').fill(totp(secret));
  await buttonOn(page, 'Confirm').click();
  return secret;
}

/** The shape of a code as the page shows it (Crockford base32, 3 groups of 4). */
export const SHOWN_CODE = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;

/** The codes on the codes page (once it shows them): 10 different ones, each in the shown shape. */
export async function shownRecoveryCodes(page: Page): Promise<string[]> {
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor({ timeout: 15_000 });
  const codes = await page.getByRole('list', { name: 'Your recovery codes' }).locator('code').allInnerTexts();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  for (const code of codes) expect(code).toMatch(SHOWN_CODE);
  return codes;
}

/** The codes page after an authenticator set-up: reads the codes, ticks "I have saved these codes", continues to the console. */
export async function saveRecoveryCodes(page: Page): Promise<string[]> {
  const codes = await shownRecoveryCodes(page);
  await fieldOn(page, 'I have saved these codes').check();
  await buttonOn(page, 'Continue').click();
  await page.waitForURL(`**${WEB_PAGES.console}`);
  return codes;
}

/** The console's card of an admin (`li.admin`), by the email in its heading. */
export const adminRowOf = (page: Page, email: string) => page.locator('li.admin').filter({ has: page.getByRole('heading', { name: email }) });

/** The console's card of an admin, after "More" as often as it takes; returns it and how many times "More" was needed. */
export async function findAdminRow(page: Page, email: string): Promise<{ row: Locator; mores: number }> {
  const row = adminRowOf(page, email);
  const rows = page.locator('li.admin');
  await rows.first().waitFor();
  let mores = 0;
  while ((await row.count()) === 0) {
    const more = buttonOn(page, 'More admins');
    if (await more.isHidden()) throw new Error(`${email} is not in the list`);
    const before = await rows.count();
    await more.click();
    mores += 1;
    await expect.poll(() => rows.count()).toBeGreaterThan(before);
  }
  return { row, mores };
}
