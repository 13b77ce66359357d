import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_MESSAGE } from '../../lib/user-pool-settings';
import { totp } from '../../local/totp';
import { OUTBOX_PAGE_PATH } from '../../local/web-app';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { groupsOf, local, seedPractitionerWithTotp, uniqueEmail } from './support/emulator';
import { expectAccessible, launchChromium, newAppContext, scanQrCode, screenshot } from './support/browser';

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

const field = (label: string) => page.getByLabel(label, { exact: true });
const button = (name: string) => page.getByRole('button', { name, exact: true });
const alert = () => page.getByRole('alert');

async function signIn(email: string, password: string, totpSecret: string): Promise<void> {
  await page.goto(WEB_PAGES.signIn);
  await field('Email').fill(email);
  await field('Password').fill(password);
  await button('Sign in').click();
  await field('Code from your authenticator app').fill(totp(totpSecret));
  await button('Verify').click();
  await page.waitForURL(`**${WEB_PAGES.console}`);
}

/** The newest email to `email` with this subject, on the local outbox page (newest first). */
async function newestEmail(email: string, subject: string): Promise<Locator> {
  await page.goto(OUTBOX_PAGE_PATH);
  const article = page.locator('article', { hasText: `To ${email},` }).filter({ has: page.getByRole('heading', { name: new RegExp(`^#\\d+ ${subject.replace(/[()]/g, '\\$&')}$`) }) }).first();
  await article.waitFor();
  return article;
}

/**
 * First sign-in through the page: temporary password -> own password, then the QR code, read from
 * the screen and decoded, gives the secret the TOTP code is computed from. Returns that secret.
 */
async function firstSignIn(email: string, temporaryPassword: string, newPassword: string, shoot = false): Promise<string> {
  await page.goto(WEB_PAGES.firstSignIn);
  await field('Email').fill(email);
  await field('Temporary password').fill(temporaryPassword);
  await field('New password').fill(newPassword);
  await field('New password again').fill(newPassword);
  if (shoot) await screenshot(page, 'first-sign-in');
  await button('Set password').click();
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

  await field('Code shown by the app').fill(totp(secret) === '000000' ? '111111' : '000000');
  await button('Confirm').click();
  await expect.poll(() => alert().innerText()).toContain('That code is not right or has expired');

  await field('Code shown by the app').fill(totp(secret));
  await button('Confirm').click();
  await page.waitForURL(`**${WEB_PAGES.console}`);
  await page.getByText(`Signed in as ${email}.`).waitFor();
  return secret;
}

describe('the web app, in Chromium', () => {
  const newAdmin = uniqueEmail('web.admin');
  let temporaryPassword = '';

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
    await screenshot(page, 'admins-console');

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
    await screenshot(page, 'outbox');
  });

  it('takes the new admin from the temporary password to a new password and an authenticator app scanned from the QR code', async () => {
    await fresh();
    await page.goto(WEB_PAGES.firstSignIn);
    await expectAccessible(page);
    await field('Email').fill(newAdmin);
    await field('Temporary password').fill('Not-The-Temp-Passw0rd!');
    await field('New password').fill('short');
    await field('New password again').fill('different');
    await button('Set password').click();
    await expect.poll(() => page.locator('.field-error:not([hidden])').allInnerTexts()).toEqual([
      expect.stringContaining('The new password still needs at least 12 characters'),
      'The two new passwords are not the same.',
    ]);
    await field('New password').fill('New-Admin-Passw0rd!');
    await field('New password again').fill('New-Admin-Passw0rd!');
    await button('Set password').click();
    await expect.poll(() => alert().innerText()).toContain('The email or the temporary password is not right');

    const secret = await firstSignIn(newAdmin, temporaryPassword, 'New-Admin-Passw0rd!', true);
    await page.getByRole('heading', { name: 'Admins', level: 1 }).waitFor();
    expect(await groupsOf(newAdmin)).toEqual(['admins']);

    // From now on: password and a code from the authenticator just set up.
    await fresh();
    await signIn(newAdmin, 'New-Admin-Passw0rd!', secret);
  });
  it('recovers a practitioner from a real emailed link: request, landing page, click, invitation, new password, new authenticator', async () => {
    const email = uniqueEmail('web.practitioner');
    const [sample] = SAMPLE_PRACTITIONERS;
    const license = sample.licenses[0];
    const practitioner = await seedPractitionerWithTotp({ email, password: sample.password, licenses: [license] });

    await fresh();
    await page.goto(WEB_PAGES.recoveryRequest);
    await expectAccessible(page);
    await screenshot(page, 'recovery-request');
    await button('Email me a recovery link').click();
    await expect.poll(() => page.locator('.field-error:not([hidden])').count()).toBe(6);
    await field('Email').fill(email);
    await field('Password').fill(sample.password);
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
    expect(link).toMatch(new RegExp(`^${local.apiUrl}${WEB_PAGES.recoveryLanding}#token=[A-Za-z0-9_-]{43}$`));
    const confirms: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/mfa-recovery/confirm')) confirms.push(request.postData() ?? '');
    });
    await recoveryEmail.getByRole('link', { name: 'Reset my MFA' }).click();

    // The landing page takes the token out of the address bar and sends nothing before the click.
    await button('Reset my MFA').waitFor();
    expect(page.url()).toBe(`${local.apiUrl}${WEB_PAGES.recoveryLanding}`);
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
    await page.goto(WEB_PAGES.recoveryLanding);
    await page.getByText('This address has no recovery link in it.').waitFor();
    await expectAccessible(page);
  }, 150_000); // three 5 s response floors and two sign-ins, on a shared machine
});
