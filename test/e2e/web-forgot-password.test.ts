import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { COOLING_OFF_NOTICE } from '../../web/src/recovery-words';
import { expectAccessible, launchChromium, newAppContext } from './support/browser';
import { seedPractitionerWithTotp, sesEmailsTo, tableItem, uniqueEmail } from './support/emulator';
import { call, newestResetCodeFor } from './support/local-api';
import { buttonOn, fieldOn, signInOn } from './support/web-steps';

/**
 * The Forgot password page in a real browser (Debian's Chromium, headless) against the local API
 * (issue 22, item 1): linked from sign-in, Amplify's resetPassword / confirmResetPassword with the
 * code Cognito emails (the emulator's outbox), the cooling-off said before and after, axe on every
 * state. The reset is recorded, so the mailbox plus license data then gets no recovery link.
 */

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page, problems } = await newAppContext(browser));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});
afterEach(() => {
  expect(problems).toEqual([]);
});

const field = (label: string) => fieldOn(page, label);
const button = (name: string) => buttonOn(page, name);

describe('forgot password, in Chromium', () => {
  const email = uniqueEmail('web.forgot');
  const { password, licenses } = SAMPLE_PRACTITIONERS[0];
  const newPassword = 'Forgot-Reset-Passw0rd-7!';
  let practitioner: Awaited<ReturnType<typeof seedPractitionerWithTotp>>;

  beforeAll(async () => {
    practitioner = await seedPractitionerWithTotp({ email, password, licenses });
  });

  it('is linked from sign-in, says what a reset means for a lost authenticator, and asks for the email first', async () => {
    await page.goto(WEB_PAGES.signIn);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(`**${WEB_PAGES.forgotPassword}`);
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await expect(page.getByText(COOLING_OFF_NOTICE).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await button('Email me a code').click();
    await expect(page.getByText('Enter the email address of your account.').isVisible()).resolves.toBe(true);
    await expectAccessible(page);
  });

  it('emails a code; a wrong code is refused in plain words; the right one sets the new password', async () => {
    await field('Email').fill(email);
    await button('Email me a code').click();
    await page.getByRole('heading', { name: 'Enter the code and a new password' }).waitFor();
    await expectAccessible(page);
    const code = await newestResetCodeFor(email);
    expect(code).toMatch(/^\d{6}$/);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await field('Code from the email').fill(wrong);
    await field('New password').fill(newPassword);
    await field('New password again').fill(newPassword);
    await button('Set new password').click();
    await page.getByRole('alert').filter({ hasText: 'That code is not right.' }).waitFor();
    await expectAccessible(page);

    await field('Code from the email').fill(code as string);
    await button('Set new password').click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await expect(page.getByText(COOLING_OFF_NOTICE).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
  });

  it('the new password signs in with the same authenticator; the reset is recorded and the license path sends nothing', async () => {
    await signInOn(page, email, newPassword, practitioner.totpSecret);
    const user = await tableItem(keys.user(practitioner.userId));
    expect(Date.now() - Date.parse(String(user?.lastPasswordResetAt))).toBeLessThan(120_000);

    const sentBefore = (await sesEmailsTo(email)).length;
    const requested = await call('/mfa-recovery/request', { body: { username: email, password: newPassword, license: licenses[0] } });
    expect(requested.status).toBe(202);
    expect(await sesEmailsTo(email)).toHaveLength(sentBefore);
  });
});
