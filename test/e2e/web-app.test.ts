import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_MESSAGE } from '../../lib/user-pool-settings';
import { totp } from '../../local/totp';
import { OUTBOX_PAGE_PATH } from '../../local/web-app';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { groupsOf, local, seedPractitionerWithTotp, uniqueEmail } from './support/emulator';
import { adminToken, call } from './support/local-api';
import { expectAccessible, launchChromium, newAppContext, screenshot } from './support/browser';
import { adminRowOf, findAdminRow, saveRecoveryCodes, setUpAuthenticator, signInOn } from './support/web-steps';

/**
 * The web app in a real browser (Debian's Chromium, headless) against the local API, which serves it
 * on its own origin: every page is checked with axe, and no page may load anything from another
 * origin or trip its Content-Security-Policy. The tests of this file build on each other, in order.
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

const field = (label: string, on: Page | Locator = page) => on.getByLabel(label, { exact: true });
const button = (name: string, on: Page | Locator = page) => on.getByRole('button', { name, exact: true });
const alert = () => page.getByRole('alert');

const signIn = (email: string, password: string, totpSecret: string, on = page) => signInOn(on, email, password, totpSecret);

const rowOf = (email: string, on = page) => adminRowOf(on, email);
const adminRow = (email: string, on = page) => findAdminRow(on, email);

const statusOf = (row: Locator) => row.locator('.status').innerText();
const results = (on = page) => on.locator('.admins > .message');
/** What has the keyboard focus: its text, its tag and its aria-label (evaluated in the page, hence a string). */
const focused = async (on = page) =>
  (await on.evaluate(
    "({ text: document.activeElement?.innerText ?? '', tag: document.activeElement?.tagName, label: document.activeElement?.getAttribute('aria-label') })",
  )) as {
    text: string;
    tag: string;
    label: string | null;
  };
const focusedText = async (on = page) => (await focused(on)).text;

/** The newest email to `email` with this subject, on the local outbox page (newest first). */
async function newestEmail(email: string, subject: string): Promise<Locator> {
  await page.goto(OUTBOX_PAGE_PATH);
  const article = page
    .locator('article', { hasText: `To ${email},` })
    .filter({ has: page.getByRole('heading', { name: new RegExp(`^#\\d+ ${subject.replace(/[()]/g, '\\$&')}$`) }) })
    .first();
  await article.waitFor();
  return article;
}

/**
 * First sign-in through the page: temporary password -> own password, then the QR code, read from
 * the screen and decoded, gives the secret the TOTP code is computed from; then the recovery codes
 * are saved. Returns that secret.
 */
async function firstSignIn(email: string, temporaryPassword: string, newPassword: string, shoot = false): Promise<string> {
  await page.goto(WEB_PAGES.authNewPassword);
  await field('Email').fill(email);
  await field('Temporary password').fill(temporaryPassword);
  await field('New password').fill(newPassword);
  await field('New password again').fill(newPassword);
  if (shoot) await screenshot(page, 'first-sign-in');
  await button('Set password').click();
  const secret = await setUpAuthenticator(page, email, shoot);
  await saveRecoveryCodes(page);
  await page.getByText(`Signed in as ${email}.`).waitFor();
  return secret;
}

describe('the web app, in Chromium', () => {
  const newAdmin = uniqueEmail('web.admin');
  const newAdminPassword = 'New-Admin-Passw0rd!';
  let newAdminSecret = '';
  let temporaryPassword = '';

  beforeAll(async () => {
    // More admins than the console's page (10) before the new one, so "More" is needed to reach them.
    const token = await adminToken();
    const listed = await call('/admins?limit=25', { method: 'GET', token });
    for (let missing = 11 - listed.body.admins.length; missing > 0; missing -= 1) {
      expect((await call('/admins', { token, body: { email: uniqueEmail('web.filler') } })).status).toBe(201);
    }
  });

  it('signs the admin in with password and TOTP code, and refuses a wrong password or code in plain words', async () => {
    await fresh();
    await page.goto(WEB_PAGES.signIn);
    await expectAccessible(page);
    await screenshot(page, 'sign-in');

    await button('Sign in').click();
    await expect.poll(() => page.locator('.field-error').first().innerText()).toBe('Enter the email address of your account.');

    await field('Email').fill(local.admin.email);
    await field('Password').fill('Wrong-Passw0rd-123!');
    await button('Sign in').click();
    await expect.poll(() => alert().innerText()).toBe('The email or password is not right.');

    await field('Password').fill(local.admin.password);
    await button('Sign in').click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'sign-in-code');
    const wrong = totp(local.admin.totpSecret) === '123456' ? '654321' : '123456';
    await field('Code from your authenticator app').fill(wrong);
    await button('Verify').click();
    await expect.poll(() => alert().innerText()).toContain('That code is not right or has expired');

    await field('Code from your authenticator app').fill(totp(local.admin.totpSecret));
    await button('Verify').click();
    await page.waitForURL(`**${WEB_PAGES.console}`);
    await page.getByRole('heading', { name: 'Admins', level: 1 }).waitFor();
    await expectAccessible(page);
  });

  it('creates a new admin and re-sends the invitation; a second creation is refused', async () => {
    await fresh();
    await signIn(local.admin.email, local.admin.password, local.admin.totpSecret);
    const create = page.getByRole('form', { name: 'Create new admin' });
    await create.getByLabel('Email of the new admin').fill('not-an-email');
    await button('Create new admin').click();
    await expect.poll(() => create.locator('.field-error').innerText()).toBe('Enter a valid email address.');

    await create.getByLabel('Email of the new admin').fill(newAdmin);
    await button('Create new admin').click();
    await expect.poll(() => create.getByRole('status').innerText()).toContain(`Invitation sent to ${newAdmin}`);
    // The list shows the new admin (the console loads pages until they are on it, without "More"), invited.
    const row = rowOf(newAdmin);
    await row.waitFor();
    await expect.poll(() => statusOf(row)).toBe('Invited: has not chosen a password yet');
    await expect.poll(() => row.getByRole('button').allInnerTexts()).toEqual(['Resend invite', 'Deactivate', 'Reset MFA', 'Audit trail']);
    await expectAccessible(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'admins-console', { fullPage: false });

    await create.getByLabel('Email of the new admin').fill(newAdmin);
    await button('Create new admin').click();
    await expect.poll(() => create.getByRole('alert').innerText()).toBe('An account with this email already exists.');

    const resend = page.getByRole('form', { name: 'Resend invite' });
    await resend.getByLabel('Email of the invited admin').fill(newAdmin);
    await button('Resend invite').click();
    await expect.poll(() => resend.getByRole('status').innerText()).toContain(`A new invitation is on its way to ${newAdmin}`);
    await resend.getByLabel('Email of the invited admin').fill(uniqueEmail('nobody'));
    await button('Resend invite').click();
    await expect.poll(() => resend.getByRole('alert').innerText()).toBe('Nobody has been invited with this email.');
    await expectAccessible(page);
  });

  it('shows the invitation on the local outbox page', async () => {
    await fresh();
    const text = await (await newestEmail(newAdmin, INVITATION_MESSAGE.subject)).innerText();
    temporaryPassword = /temporary password (\S+) within/.exec(text)?.[1] as string;
    expect(temporaryPassword).toBeTruthy();
    await expectAccessible(page);
    await screenshot(page, 'outbox', { fullPage: false });
  });

  it('takes the new admin from the temporary password to a new password and an authenticator app scanned from the QR code', async () => {
    await fresh();
    await page.goto(WEB_PAGES.authNewPassword);
    await expectAccessible(page);
    await field('Email').fill(newAdmin);
    await field('Temporary password').fill('Not-The-Temp-Passw0rd!');
    await field('New password').fill('short');
    await field('New password again').fill('different');
    await button('Set password').click();
    await expect
      .poll(() => page.locator('.field-error:not([hidden])').allInnerTexts())
      .toEqual([expect.stringContaining('The new password still needs at least 12 characters'), 'The two new passwords are not the same.']);
    await field('New password').fill('New-Admin-Passw0rd!');
    await field('New password again').fill('New-Admin-Passw0rd!');
    await button('Set password').click();
    await expect.poll(() => alert().innerText()).toContain('The email or the temporary password is not right');

    newAdminSecret = await firstSignIn(newAdmin, temporaryPassword, newAdminPassword, true);
    await page.getByRole('heading', { name: 'Admins', level: 1 }).waitFor();
    expect(await groupsOf(newAdmin)).toEqual(['admins']);
  });

  it('lists the new admin active; deactivated after a confirmation, their next request in their own browser is refused; reactivated, they work again', async () => {
    // The new admin's own browser: password and a code from the authenticator just set up.
    await fresh();
    await signIn(newAdmin, newAdminPassword, newAdminSecret);
    await (await adminRow(newAdmin)).row.waitFor();

    // The first admin's browser, beside it.
    const boss = await newAppContext(browser);
    const on = boss.page;
    try {
      await signIn(local.admin.email, local.admin.password, local.admin.totpSecret, on);
      const own = (await adminRow(local.admin.email, on)).row;
      expect(await own.getByRole('heading').innerText()).toBe(`${local.admin.email} (you)`);
      expect(await own.getByRole('button').allInnerTexts()).toEqual(['Audit trail']);

      // Page 1 holds the oldest 10: the new admin takes "More" (and focus moves to the first admin it added).
      const { row, mores } = await adminRow(newAdmin, on);
      expect(mores).toBeGreaterThan(0);
      expect((await focused(on)).tag).toBe('H3');
      await expect.poll(() => statusOf(row)).toBe('Active');
      await expect.poll(() => row.getByRole('button').allInnerTexts()).toEqual(['Deactivate', 'Reset MFA', 'Audit trail']);

      // Deactivate asks first; Cancel goes back to the button; the keyboard alone confirms.
      await button(`Deactivate ${newAdmin}`, on).click();
      await expect.poll(() => focusedText(on)).toBe(`Deactivate ${newAdmin}?`);
      await expectAccessible(on);
      await screenshot(row, 'admin-deactivate');
      await button('Cancel', row).click();
      expect(await row.locator('.panel').isHidden()).toBe(true);
      expect((await focused(on)).label).toBe(`Deactivate ${newAdmin}`);
      await on.keyboard.press('Enter');
      await expect.poll(() => focusedText(on)).toBe(`Deactivate ${newAdmin}?`);
      await on.keyboard.press('Tab');
      expect(await focusedText(on)).toBe('Yes, deactivate');
      await on.keyboard.press('Enter');
      await expect.poll(() => results(on).innerText()).toBe(`${newAdmin} is deactivated: signed out everywhere and refused from now on.`);
      expect(await results(on).getAttribute('role')).toBe('status');
      await expect.poll(() => focusedText(on)).toContain(`${newAdmin} is deactivated`);
      const deactivated = (await adminRow(newAdmin, on)).row;
      expect(await statusOf(deactivated)).toBe('Deactivated: cannot sign in');
      await expectAccessible(on);

      // Their ID token is still valid for up to an hour, but their very next admin request is refused.
      const refused = page.waitForResponse((response) => response.url().includes('/admins?'));
      await button('Refresh list').click();
      expect((await refused).status()).toBe(403);
      await expect.poll(() => alert().innerText()).toBe('Only active admins may do this. If you were deactivated, ask another admin to reactivate you.');
      await expectAccessible(page);

      await button(`Reactivate ${newAdmin}`, deactivated).click();
      await button('Yes, reactivate', deactivated).click();
      await expect.poll(() => results(on).innerText()).toBe(`${newAdmin} is active again.`);
      expect(await statusOf((await adminRow(newAdmin, on)).row)).toBe('Active');
      expect(boss.problems).toEqual([]);
    } finally {
      await boss.context.close();
    }

    // Reactivated: they sign in again and the console works for them.
    await signIn(newAdmin, newAdminPassword, newAdminSecret);
    await (await adminRow(newAdmin)).row.waitFor();
  });

  it("resets the new admin's MFA with a reason: their next sign-in sets a password and a new authenticator; the audit trail shows it all", async () => {
    await fresh();
    await signIn(local.admin.email, local.admin.password, local.admin.totpSecret);
    const { row } = await adminRow(newAdmin);
    await button(`Reset MFA of ${newAdmin}`).click();
    await expect.poll(() => focusedText()).toBe(`Reset the MFA of ${newAdmin}?`);
    await button('Reset MFA', row).click();
    await expect.poll(() => row.locator('.field-error:not([hidden])').innerText()).toBe('Enter the reason for the reset.');
    await row.getByLabel('Reason').fill('Lost phone; identity confirmed on a video call');
    await expectAccessible(page);
    await screenshot(row, 'admin-mfa-reset');
    await button('Reset MFA', row).click();
    await expect.poll(() => results().innerText()).toContain(`The MFA of ${newAdmin} is reset: they are signed out everywhere`);
    await expect.poll(() => statusOf(rowOf(newAdmin))).toBe('Invited: has not chosen a password yet');

    // By user ID: not a user ID, nobody's, and the admin's own are refused in plain words.
    const byId = page.getByRole('form', { name: "Reset a user's MFA" });
    await byId.getByLabel('User ID of the user whose MFA to reset').fill('not-a-user-id');
    await byId.getByLabel('Reason').fill('testing');
    await button('Reset MFA of this user').click();
    await expect.poll(() => byId.locator('.field-error:not([hidden])').innerText()).toBe('Enter a user ID: 36 characters, digits, a to f and dashes.');
    await byId.getByLabel('User ID of the user whose MFA to reset').fill(randomUUID());
    await button('Reset MFA of this user').click();
    await expect.poll(() => byId.getByRole('alert').innerText()).toBe('No user has this user ID.');
    await byId.getByLabel('User ID of the user whose MFA to reset').fill(local.admin.userId);
    await button('Reset MFA of this user').click();
    await expect.poll(() => byId.getByRole('alert').innerText()).toBe('You cannot reset your own MFA. Ask another admin to do it.');
    await expectAccessible(page);

    // The audit trail, newest first: who did what, from where, and the reason.
    const resetRow = (await adminRow(newAdmin)).row;
    await button(`Audit trail of ${newAdmin}`).click();
    const events = resetRow.locator('.audit li');
    await events.first().waitFor();
    expect(await events.locator('.audit-event').allInnerTexts()).toEqual([
      'MFA reset by an admin',
      'Reactivated',
      'Deactivated',
      // The codes page after the first sign-in's authenticator set-up.
      'Made new recovery codes (the earlier ones no longer work)',
      'Chose their own password',
      'Invitation re-sent',
      'Invited as an admin',
    ]);
    expect(await events.first().innerText()).toMatch(/by you, from 127\.0\.0\.1[\s\S]*Reason: Lost phone; identity confirmed on a video call/);
    expect(await events.nth(3).innerText()).toContain('by the user');
    expect(await events.nth(4).innerText()).toContain('by the user');
    await expectAccessible(page);
    await screenshot(resetRow, 'admin-audit');

    // The new admin: the invitation's new temporary password, a new password, a new authenticator.
    const invitation = await (await newestEmail(newAdmin, INVITATION_MESSAGE.subject)).innerText();
    const again = /temporary password (\S+) within/.exec(invitation)?.[1] as string;
    expect(again).not.toBe(temporaryPassword);
    await fresh();
    const secret = await firstSignIn(newAdmin, again, 'Reset-Admin-Passw0rd!');
    expect(secret).not.toBe(newAdminSecret);
    await page.getByRole('heading', { name: 'Admins', level: 1 }).waitFor();
  }, 120_000);
  it('recovers a practitioner from a real emailed link: request, landing page, click, invitation, new password, new authenticator', async () => {
    const email = uniqueEmail('web.practitioner');
    const [sample] = SAMPLE_PRACTITIONERS;
    const license = sample.licenses[0];
    const practitioner = await seedPractitionerWithTotp({ email, password: sample.password, licenses: [license] });

    await fresh();
    await page.goto(WEB_PAGES.mfaRecovery);
    await expectAccessible(page);
    await screenshot(page, 'recovery-request');
    // The license path, below "Use a recovery code" (test/e2e/web-recovery-codes.test.ts).
    const byLicense = page.getByRole('form', { name: 'Ask for a recovery link' });
    await button('Email me a recovery link').click();
    await expect.poll(() => byLicense.locator('.field-error:not([hidden])').count()).toBe(6);
    await field('Email', byLicense).fill(email);
    await field('Password', byLicense).fill(sample.password);
    await field('License state').fill(license.jurisdiction);
    await field('License type').fill(license.licenseType);
    await field('License number').fill(license.licenseNumber);
    await field('Date of birth').fill(license.dateOfBirth);
    await button('Email me a recovery link').click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('status').innerText()).toMatch(/^If the details match an account, a recovery link has been emailed to it/);
    await expectAccessible(page);

    // The link, as the person would follow it: from the email on the outbox page.
    const recoveryEmail = await newestEmail(email, 'Reset your sign-in security (MFA)');
    const link = (await recoveryEmail.getByRole('link', { name: 'Reset my MFA' }).getAttribute('href')) as string;
    expect(link).toMatch(new RegExp(`^${local.apiUrl}${WEB_PAGES.mfaRecoveryConfirm}#token=[A-Za-z0-9_-]{43}$`));
    const confirms: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/mfa-recovery/confirm')) confirms.push(request.postData() ?? '');
    });
    await recoveryEmail.getByRole('link', { name: 'Reset my MFA' }).click();

    // The landing page takes the token out of the address bar and sends nothing before the click.
    await button('Reset my MFA').waitFor();
    expect(page.url()).toBe(`${local.apiUrl}${WEB_PAGES.mfaRecoveryConfirm}`);
    expect(confirms).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'recovery-landing');
    await button('Reset my MFA').click();
    await page.getByRole('heading', { name: 'Your sign-in has been reset' }).waitFor({ timeout: 15_000 });
    expect(confirms).toEqual([JSON.stringify({ token: new URLSearchParams(new URL(link).hash.slice(1)).get('token') })]);
    await page.getByText('Next: an email with a temporary password arrives.').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'recovery-done');

    // The notice of the reset, and the invitation with the temporary password, are in the outbox.
    await newestEmail(email, 'Your sign-in security (MFA) was reset');
    const invitation = await (await newestEmail(email, INVITATION_MESSAGE.subject)).innerText();
    const temporaryPassword = /temporary password (\S+) within/.exec(invitation)?.[1] as string;
    expect(temporaryPassword).toBeTruthy();

    // The old authenticator is gone: temporary password -> new password -> a new QR code -> signed in.
    const secret = await firstSignIn(email, temporaryPassword, 'Recovered-Passw0rd-9!');
    expect(secret).not.toBe(practitioner.totpSecret);
    await page.getByRole('heading', { name: 'Signed in', level: 1 }).waitFor();

    // The link worked once: opened again, the click is refused in plain words.
    await page.goto(link);
    await button('Reset my MFA').click();
    await expect.poll(() => alert().innerText(), { timeout: 15_000 }).toContain('This recovery link does not work any more');
    await page.getByRole('link', { name: 'Ask for a new recovery link' }).waitFor();
    await expectAccessible(page);

    // Without a token (e.g. the fragment was lost): says so and offers a new link.
    await page.goto(WEB_PAGES.mfaRecoveryConfirm);
    await page.getByText('This address has no recovery link in it.').waitFor();
    await expectAccessible(page);

    // An admin finds both in the practitioner's audit trail, by user ID: the link, then the recovery (newest first).
    await signIn(local.admin.email, local.admin.password, local.admin.totpSecret);
    const byId = page.getByRole('form', { name: "Show a user's audit trail" });
    await byId.getByLabel('User ID of the user whose audit trail to show').fill(practitioner.userId);
    await button('Show audit trail').click();
    await page.getByRole('heading', { name: `Audit trail of user ${practitioner.userId}` }).waitFor();
    const events = page.locator('#main section').last().locator('.audit li');
    await events.first().waitFor();
    const names = await events.locator('.audit-event').allInnerTexts();
    expect(names.indexOf('MFA reset with a recovery link')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('MFA reset with a recovery link')).toBeLessThan(names.indexOf('Recovery link emailed'));
    expect(await events.filter({ hasText: 'MFA reset with a recovery link' }).innerText()).toMatch(/by the user, from 127\.0\.0\.1[\s\S]*How: reset/);
    await expectAccessible(page);
  }, 150_000); // three 5 s response floors and two sign-ins, on a shared machine
});
