import { createHash } from 'node:crypto';
import type { RandomBytes } from '../shared/runtime';

/** A recovery link works for 15 minutes after it is issued. */
export const RECOVERY_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/**
 * An interrupted recovery (token IN_PROGRESS) may be resumed with its link until 24 hours after the
 * link was issued; after that it is refused and an operator is alerted (the recovery is never a
 * standing "reset this account" button).
 */
export const RECOVERY_DEADLINE_MS = 24 * 60 * 60 * 1000;

/** 32 random bytes = 256 bits: unguessable, so only the hash needs storing. */
const TOKEN_BYTES = 32;

/**
 * The SHA-256 of a token, hex: the only form in which a token is stored or looked up. Unkeyed on
 * purpose: a keyed hash protects low-entropy inputs (emails, IPs) against someone who reads the
 * table and tries every candidate; a 256-bit random token has no candidates to try, so reading the
 * hash gives nothing a key would have withheld.
 */
export function hashRecoveryToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The recovery's name in logs and alerts: 16 hex characters of a SHA-256 over the token hash (a
 * prefix of its own, so it is not a prefix of the hash). Neither the token nor its hash can be
 * derived from it, and it finds nothing in the table, so it is safe to log (the redactor blanks
 * anything named like a token); the request flow logs it with the user id when it issues a link, so
 * an alert raised before the token is read still leads an operator to the account.
 */
export function recoveryIdOf(tokenHash: string): string {
  return createHash('sha256').update(`mfa-recovery-id:${tokenHash}`, 'utf8').digest('hex').slice(0, 16);
}

/** A new URL-safe token (base64url, 43 characters) and its hash. */
export function newRecoveryToken(randomBytes: RandomBytes): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashRecoveryToken(token) };
}

/**
 * The link emailed to the user: `<base>#token=<token>`. In the fragment, the token is never sent
 * to a server (no CDN or access log, no Referer) when the page loads; the page posts it to
 * POST /mfa-recovery/confirm only when the user asks for the reset (see docs/mfa-recovery.md, the recovery page).
 */
export function recoveryLink(recoveryUrlBase: string, token: string): string {
  const url = new URL(recoveryUrlBase);
  url.hash = `token=${token}`;
  return url.toString();
}
