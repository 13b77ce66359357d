import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { expectAccessible, launchChromium, newAppContext, screenshot } from './support/browser';
import { local, putTableItems, seedPractitioner, tableItem, uniqueEmail } from './support/emulator';
import { adminToken, call, temporaryPasswordsFor } from './support/local-api';
import { buttonOn, fieldOn, findAdminRow, saveRecoveryCodes, setUpAuthenticator, shownRecoveryCodes, signInOn } from './support/web-steps';

/**
 * Recovery codes in a real browser (Debian's Chromium, headless) against the local API: the codes
 * page after every authenticator set-up, "Your recovery codes" on the console, a code used on the
 * lost-authenticator page, and the admins' list. axe checks every new state of a page; no page may
 * load anything from another origin or trip its CSP. The tests of a `describe` build on each other.
 */

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  expect(problems).toEqual([]);
  await context.close();
});

async function fresh(): Promise<void> {
  ({ context, page, problems } = await newAppContext(browser));
}

const field = (label: string, on: Page | Locator = page) => fieldOn(on, label);
const button = (name: string, on: Page | Locator = page) => buttonOn(on, name);
const codesSection = () => page.getByRole('region', { name: 'Your recovery codes' });
const codesSummary = () => codesSection().locator('.codes-summary');
const codesForm = () => page.getByRole('form', { name: 'Use a recovery code' });
/** What has the keyboard focus: its text and its accessible name (evaluated in the page, hence a string). */
const focused = async () =>
  (await page.evaluate("({ text: document.activeElement?.innerText ?? '', label: document.activeElement?.labels?.[0]?.innerText ?? '' })")) as {
    text: string;
    label: string;
  };

/** The user's recovery-code item (pk USER#<userId>, sk RECOVERY_CODES: docs/mfa-recovery.md). */
const recoveryCodesKey = (userId: string) => ({ ...keys.user(userId), sk: 'RECOVERY_CODES' });

/** Uses a code on the lost-authenticator page; answers the heading or the refusal that followed. */
async function useRecoveryCode(email: string, password: string, code: string): Promise<string> {
  await page.goto(WEB_PAGES.mfaRecovery);
  await field('Email', codesForm()).fill(email);
  await field('Password', codesForm()).fill(password);
  await field('Recovery code').fill(code);
  await button('Reset with this code').click();
  const done = page.getByRole('heading', { name: 'Your authenticator app is reset' });
  const refused = codesForm().getByRole('alert');
  await done.or(refused).waitFor({ timeout: 20_000 });
  return (await done.isVisible()) ? 'reset' : refused.innerText();
}

const REFUSED = /^That did not work\. Check your email, password and recovery code: each code works only once\./;

describe('recovery codes, from the first sign-in to a lost authenticator', () => {
  const email = uniqueEmail('web.codes');
  const password = 'Codes-Admin-Passw0rd!';
  let firstCodes: string[] = [];
  let firstSecret = '';

  beforeAll(async () => {
    expect((await call('/admins', { token: await adminToken(), body: { email } })).status).toBe(201);
  });

  it('shows 10 codes once after the first sign-in: copy, download, print, and "I have saved these codes" before the console', async () => {
    await fresh();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: local.apiUrl });
    const [temporaryPassword] = await temporaryPasswordsFor(email);
    await page.goto(WEB_PAGES.authNewPassword);
    await field('Email').fill(email);
    await field('Temporary password').fill(temporaryPassword);
    await field('New password').fill(password);
    await field('New password again').fill(password);
    await button('Set password').click();
    firstSecret = await setUpAuthenticator(page, email);

    firstCodes = await shownRecoveryCodes(page);
    await expectAccessible(page);
    await screenshot(page, 'recovery-codes');

    // Not before the box is ticked: the reason is tied to the box, which takes the focus.
    await button('Continue').click();
    await expect
      .poll(() => page.locator('.field-error:not([hidden])').innerText())
      .toBe('Save the codes first (copy, download or print them), then tick this box.');
    expect((await focused()).label).toBe('I have saved these codes');
    expect(await field('I have saved these codes').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).not.toContain(WEB_PAGES.console);
    await expectAccessible(page);

    // Copy: the clipboard holds every code; the result is announced.
    await button('Copy codes').click();
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/^Copied\./);
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied.split('\n').filter((line) => firstCodes.includes(line))).toEqual(firstCodes);
    expect(copied).toContain(`Recovery codes for ${email}`);
    await expectAccessible(page);

    // Download: a .txt file with the same text.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download (.txt)' }).click()]);
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe(copied);

    // Print: the browser's print dialog (stubbed: headless has none); printed, only the codes and what they are for.
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
    await button('Print').click();
    expect(await page.evaluate('window.printed')).toBe(1);
    const owner = page.getByText(`Recovery codes for ${email} (${local.apiUrl})`);
    expect(await owner.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('list', { name: 'Your recovery codes' }).isVisible()).toBe(true);
    expect(await owner.isVisible()).toBe(true);
    for (const hidden of [button('Print'), button('Continue'), page.locator('.site-header')]) expect(await hidden.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await field('I have saved these codes').check();
    await button('Continue').click();
    await page.waitForURL(`**${WEB_PAGES.console}`);
    await expect.poll(() => codesSummary().innerText()).toMatch(/^10 codes left, created /);
    expect(await codesSection().locator('.notice').isHidden()).toBe(true);
    await expectAccessible(page);
  });

  it("lists the admin's recovery codes for other admins: how many are left and when created, never the codes", async () => {
    await fresh();
    await signInOn(page, local.admin.email, local.admin.password, local.admin.totpSecret);
    const { row } = await findAdminRow(page, email);
    const fact = row.locator('dt', { hasText: 'Recovery codes' }).locator('xpath=following-sibling::dd[1]');
    expect(await fact.innerText()).toMatch(/^10 codes left, created /);
    expect(await fact.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const { row: own } = await findAdminRow(page, local.admin.email);
    expect(await own.locator('dt', { hasText: 'Recovery codes' }).locator('xpath=following-sibling::dd[1]').innerText()).toMatch(
      /^(None saved|\d+ codes? left, created .+)$/,
    );
    expect(await page.locator('#main').innerText()).not.toContain(firstCodes[0]);
    await expectAccessible(page);
  });

  it('resets a lost authenticator with a code, after refusing a wrong one; the next sign-in sets up a new one and new codes', async () => {
    await fresh();
    await page.goto(WEB_PAGES.mfaRecovery);
    // "Use a recovery code" first, the license path below it.
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['Use a recovery code', 'No recovery code? Use a professional license']);
    await expectAccessible(page);

    await button('Reset with this code').click();
    await expect
      .poll(() => codesForm().locator('.field-error:not([hidden])').allInnerTexts())
      .toEqual([
        'Enter the email address of your account.',
        'Enter your password.',
        'Enter one of your codes: 12 letters and digits, for example 7KQM-3XRT-PZ9C.',
      ]);
    expect((await focused()).label).toBe('Email');
    await expectAccessible(page);

    // A well-formed code that is not theirs: the one refusal, announced, after the response floor.
    const notTheirs = 'ZZZZ-ZZZZ-ZZZZ';
    expect(firstCodes).not.toContain(notTheirs);
    expect(await useRecoveryCode(email, password, notTheirs)).toMatch(REFUSED);
    await expectAccessible(page);
    await screenshot(page, 'recovery-code-refused', { fullPage: false });

    // Their first code, typed in small letters with spaces: the authenticator app is removed, the password kept.
    expect(await useRecoveryCode(email, password, firstCodes[0].toLowerCase().replace(/-/g, ' '))).toBe('reset');
    await page.getByText('Next: sign in with your email and password').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'recovery-code-done');

    // The same password, a new authenticator app, new codes: none of the old ones.
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await field('Email').fill(email);
    await field('Password').fill(password);
    await button('Sign in').click();
    const secret = await setUpAuthenticator(page, email);
    expect(secret).not.toBe(firstSecret);
    const newCodes = await saveRecoveryCodes(page);
    expect(newCodes.filter((code) => firstCodes.includes(code))).toEqual([]);
    await expect.poll(() => codesSummary().innerText()).toMatch(/^10 codes left, created /);

    // The used code and an unused one of the old set (voided by the new set) are refused.
    expect(await useRecoveryCode(email, password, firstCodes[0])).toMatch(REFUSED);
    expect(await useRecoveryCode(email, password, firstCodes[1])).toMatch(REFUSED);
    // Nothing was reset: the new authenticator app still signs in.
    await signInOn(page, email, password, secret);
    await expect.poll(() => codesSummary().innerText()).toMatch(/^10 codes left, created /);
  }, 150_000); // four 5 s response floors and three sign-ins, on a shared machine

  it('never logs a code, in any form', () => {
    const log = readFileSync(inject('localApiLog'), 'utf8');
    for (const code of firstCodes) {
      expect(log).not.toContain(code);
      expect(log).not.toContain(code.replace(/-/g, ''));
    }
  });
});

describe('"Your recovery codes" on the console', () => {
  const [sample] = SAMPLE_PRACTITIONERS;
  const email = uniqueEmail('web.codes.low');
  let userId = '';
  let secret = '';

  it('warns when 3 or fewer codes are left; new codes need a recent sign-in, then replace the old ones', async () => {
    ({ userId } = await seedPractitioner({ email, password: sample.password, licenses: [] }));

    // A practitioner's first sign-in: no authenticator yet, so the set-up, then the codes.
    await fresh();
    await page.goto(WEB_PAGES.signIn);
    await field('Email').fill(email);
    await field('Password').fill(sample.password);
    await button('Sign in').click();
    secret = await setUpAuthenticator(page, email);
    await saveRecoveryCodes(page);
    await page.getByRole('heading', { name: 'Signed in', level: 1 }).waitFor();
    await expect.poll(() => codesSummary().innerText()).toMatch(/^10 codes left, created /);

    // Seven used (straight in the table: each use would reset the authenticator app).
    const item = (await tableItem(recoveryCodesKey(userId))) as Record<string, unknown> & { codeHashes: Set<string> };
    expect(item.codeHashes.size).toBe(10);
    await putTableItems([{ ...item, codeHashes: new Set([...item.codeHashes].slice(0, 3)) }]);
    await page.reload();
    await expect
      .poll(() => codesSection().locator('.notice').innerText())
      .toBe('Only 3 of your recovery codes are left. Create new codes before they run out.');
    expect(await codesSummary().innerText()).toMatch(/^3 codes left, created /);
    await expectAccessible(page);
    await screenshot(codesSection(), 'recovery-codes-low');

    // The sign-in is older than 10 minutes (as the server records it): new codes ask to sign in again.
    const profile = (await tableItem(keys.user(userId))) as Record<string, unknown>;
    await putTableItems([{ ...profile, lastSignInAt: new Date(Date.now() - 11 * 60_000).toISOString() }]);
    await button('Create new codes').click();
    await expect.poll(() => focused().then(({ text }) => text)).toBe('Replace your recovery codes?');
    expect(await codesSection().innerText()).toContain('The 3 codes you have left stop working at once');
    await expectAccessible(page);
    await button('Cancel', codesSection()).click();
    await expect.poll(() => focused().then(({ text }) => text)).toBe('Create new codes');
    await button('Create new codes').click();
    await button('Yes, create new codes').click();
    await expect
      .poll(() => codesSection().getByRole('alert').innerText())
      .toMatch(/^For your safety, new recovery codes need a sign-in from the last 10 minutes/);
    await expect.poll(() => focused().then(({ text }) => text)).toMatch(/^For your safety/);
    await expectAccessible(page);

    // Signed in again: new codes replace the three.
    await button('Sign in again').click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await signInOn(page, email, sample.password, secret);
    await button('Create new codes').click();
    await button('Yes, create new codes').click();
    const codes = await saveRecoveryCodes(page);
    expect(codes).toHaveLength(10);
    await expect.poll(() => codesSummary().innerText()).toMatch(/^10 codes left, created /);
    expect(await codesSection().locator('.notice').isHidden()).toBe(true);
    await expectAccessible(page);
  }, 120_000);
});
