import type { EmailMessage } from '../ports/mailer';
import { RECOVERY_TOKEN_LIFETIME_MS } from './recovery-token';

const LIFETIME_MINUTES = RECOVERY_TOKEN_LIFETIME_MS / 60_000;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

/** Why an unexpected recovery email matters: said in both emails. */
const NOT_YOU =
  'A recovery can only be requested with your password and your license details. If you did not ask for it, ' +
  'your password is probably known to someone else: contact support right away.';

/** The email carrying a recovery link. */
export function recoveryEmail(to: string, link: string): EmailMessage {
  const subject = 'Reset your sign-in security (MFA)';
  const text = [
    'Hello,',
    '',
    'Someone entered your password and your license details to reset the multi-factor authentication (MFA) of your account.',
    `If it was you, open this link and choose "Reset my MFA". It expires in ${LIFETIME_MINUTES} minutes and works once:`,
    '',
    link,
    '',
    'You will then receive an email with a temporary password. Sign in with it, choose a new password and set up',
    'your authenticator app again.',
    '',
    `${NOT_YOU} Nothing changes unless the link is used.`,
  ].join('\n');
  const href = escapeHtml(link);
  const html =
    '<p>Hello,</p>' +
    '<p>Someone entered your password and your license details to reset the multi-factor authentication (MFA) of your account.</p>' +
    `<p>If it was you, open this link and choose "Reset my MFA": <a href="${href}">Reset my MFA</a></p>` +
    `<p>The link expires in ${LIFETIME_MINUTES} minutes and works once. You will then receive an email with a temporary password: ` +
    'sign in with it, choose a new password and set up your authenticator app again.</p>' +
    `<p>${escapeHtml(NOT_YOU)} Nothing changes unless the link is used.</p>`;
  return { to, subject, text, html };
}

/** Where a completed recovery came from, as the notice reports it. */
export interface RecoveryCircumstances {
  readonly at: Date;
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** `reset`: same account; `recreate`: the sign-in record was replaced by a copy. */
  readonly strategy: 'reset' | 'recreate';
}

const NOT_ME = 'If this was not you: contact support right away. Someone who knows your password and license details was able to read this mailbox.';

/** User agents are caller-supplied: shown shortened, and escaped in HTML. */
const MAX_USER_AGENT_CHARS = 200;

/** The notice after a completed recovery by a link. */
export function recoveryNoticeEmail(to: string, circumstances: RecoveryCircumstances): EmailMessage {
  return resetNotice(to, circumstances, {
    how: 'with a recovery link sent to this address',
    changed: [
      'your authenticator app was removed from your account',
      'every device signed in to your account was signed out',
      'your password was replaced by a temporary one, emailed to you separately',
      ...(circumstances.strategy === 'recreate' ? ['your sign-in record was re-created with the same details, groups and status'] : []),
    ],
    todo: 'sign in with the temporary password, choose a new password and set up your authenticator app again.',
    notMe: NOT_ME,
  });
}

/** Where a reset by a saved recovery code came from, and how many codes are left. */
export interface RecoveryCodeCircumstances {
  readonly at: Date;
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** Unused codes left after this one. */
  readonly remaining: number;
}

/** The notice after an authenticator reset with a saved recovery code: as the link's, plus how many codes remain. */
export function recoveryCodeNoticeEmail(to: string, circumstances: RecoveryCodeCircumstances): EmailMessage {
  const { remaining } = circumstances;
  const left = remaining === 1 ? '1 unused recovery code is left' : `${remaining} unused recovery codes are left`;
  return resetNotice(to, circumstances, {
    how: 'with your password and one of your saved recovery codes',
    changed: [
      'your authenticator app was removed from your account',
      'every device signed in to your account was signed out',
      'your password was kept',
      `the recovery code used no longer works: ${left}`,
    ],
    todo: 'sign in with your password and set up your authenticator app again; you then get a new set of recovery codes, which voids the old ones.',
    notMe:
      'If this was not you: contact support right away. Someone knows your password and holds one of your recovery codes: change your password and create new codes.',
  });
}

/** The parts of a reset notice that differ between the recovery methods. */
interface NoticeText {
  /** How the reset was proven, after "was reset". */
  readonly how: string;
  readonly changed: readonly string[];
  /** After "What to do: ". */
  readonly todo: string;
  readonly notMe: string;
}

/**
 * A notice after a reset of the second factor (NIST SP 800-63B-4 4.2.3: recovery SHALL notify the
 * subscriber): when, from where, what changed, and what to do if it was not them.
 */
function resetNotice(to: string, circumstances: { at: Date; sourceIp: string; userAgent?: string }, notice: NoticeText): EmailMessage {
  const subject = 'Your sign-in security (MFA) was reset';
  const agent = (circumstances.userAgent ?? 'unknown').slice(0, MAX_USER_AGENT_CHARS);
  const facts = [
    `When: ${circumstances.at
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')}`,
    `From IP address: ${circumstances.sourceIp}`,
    `Browser or app: ${agent}`,
  ];
  const intro = `The multi-factor authentication (MFA) of your account was reset ${notice.how}.`;
  const text = [
    'Hello,',
    '',
    intro,
    '',
    ...facts,
    '',
    'What changed:',
    ...notice.changed.map((item) => `- ${item}`),
    '',
    `What to do: ${notice.todo}`,
    '',
    notice.notMe,
  ].join('\n');
  const html =
    '<p>Hello,</p>' +
    `<p>${escapeHtml(intro)}</p>` +
    `<p>${facts.map(escapeHtml).join('<br/>')}</p>` +
    `<p>What changed:</p><ul>${notice.changed.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>` +
    `<p>What to do: ${escapeHtml(notice.todo)}</p>` +
    `<p>${escapeHtml(notice.notMe)}</p>`;
  return { to, subject, text, html };
}
