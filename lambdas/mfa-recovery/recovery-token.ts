import { createHash } from 'node:crypto';
import type { RandomBytes } from '../shared/runtime';

/** A recovery link works for 15 minutes after it is issued. */
export const RECOVERY_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** 32 random bytes = 256 bits: unguessable, so only the hash needs storing. */
const TOKEN_BYTES = 32;

/** The SHA-256 of a token, hex: the only form in which a token is stored or looked up. */
export function hashRecoveryToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new URL-safe token (base64url, 43 characters) and its hash. */
export function newRecoveryToken(randomBytes: RandomBytes): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashRecoveryToken(token) };
}

/** The link emailed to the user: `<base>?token=<token>` (keeps any query the base already has). */
export function recoveryLink(recoveryUrlBase: string, token: string): string {
  const url = new URL(recoveryUrlBase);
  url.searchParams.set('token', token);
  return url.toString();
}
