import type { RandomBytes } from '../shared/runtime';

/**
 * Saved recovery codes: ten single-use codes a user keeps on paper, each 12 symbols of Crockford
 * base32 (60 random bits), shown grouped for reading (`7KQM-3XRT-PZ9C`). Only their keyed hashes
 * are stored (lambdas/ports/recovery-code-store.ts).
 */

/** Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand is hard to get wrong. */
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Codes per set. */
export const RECOVERY_CODE_COUNT = 10;
/** Symbols per code: 12 x 5 bits = 60 bits, shown in groups of 4. */
export const RECOVERY_CODE_LENGTH = 12;
const GROUP = 4;

/**
 * A new set of codes, grouped for display. Each symbol takes 5 bits of the random bytes: the
 * alphabet has exactly 32 symbols, so every symbol is equally likely (no modulo bias).
 */
export function newRecoveryCodes(randomBytes: RandomBytes): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => groupCode(randomSymbols(randomBytes)));
}

function randomSymbols(randomBytes: RandomBytes): string {
  // One byte per symbol, its low 5 bits: 256 is a multiple of 32, so the symbols stay uniform.
  return Array.from(randomBytes(RECOVERY_CODE_LENGTH), (byte) => RECOVERY_CODE_ALPHABET[byte & 0x1f]).join('');
}

function groupCode(symbols: string): string {
  return symbols.replace(new RegExp(`(.{${GROUP}})(?=.)`, 'g'), '$1-');
}

/** Letters people confuse with digits, read as Crockford base32 reads them. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/**
 * A code as typed (any case, with or without dashes or spaces, O for 0, I or L for 1) in its one
 * stored form, the 12 symbols the hash is taken of; undefined when it cannot be a code.
 */
export function normalizeRecoveryCode(input: string): string | undefined {
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[OIL]/g, (letter) => LOOK_ALIKES[letter]);
  if (symbols.length !== RECOVERY_CODE_LENGTH) return undefined;
  return [...symbols].every((symbol) => RECOVERY_CODE_ALPHABET.includes(symbol)) ? symbols : undefined;
}
