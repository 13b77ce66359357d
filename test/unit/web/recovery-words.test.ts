import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOW_RECOVERY_CODES,
  RECOVERY_CODE_ERROR_WORDS,
  isRunningLow,
  looksLikeRecoveryCode,
  lowCodesWarning,
  recoveryCodesText,
  remainingWords,
  replacedWords,
} from '../../../web/src/recovery-words';

/** The codes' alphabet (Crockford base32, docs/mfa-recovery.md) and their shown form, `7KQM-3XRT-PZ9C`. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 12, maxLength: 12 })
  .map((symbols) => [0, 4, 8].map((start) => symbols.slice(start, start + 4).join('')).join('-'));
const created = '2026-12-05T08:00:00.000Z';

describe("the web app's words for recovery codes", () => {
  it('says how many codes are left', () => {
    expect(remainingWords(10)).toBe('10 codes left');
    expect(remainingWords(1)).toBe('1 code left');
    expect(remainingWords(0)).toBe('None left');
    expect(replacedWords(7)).toMatch(/^The 7 codes you have left stop working at once/);
    expect(replacedWords(1)).toMatch(/^The code you have left stops working at once/);
  });

  it(`warns when ${LOW_RECOVERY_CODES} or fewer codes are left, none were ever created, or all were used`, () => {
    expect(lowCodesWarning({ remaining: 10, createdAt: created })).toBeUndefined();
    expect(lowCodesWarning({ remaining: LOW_RECOVERY_CODES + 1, createdAt: created })).toBeUndefined();
    expect(lowCodesWarning({ remaining: 3, createdAt: created })).toBe('Only 3 of your recovery codes are left. Create new codes before they run out.');
    expect(lowCodesWarning({ remaining: 1, createdAt: created })).toBe('Only 1 of your recovery codes is left. Create new codes before they run out.');
    expect(lowCodesWarning({ remaining: 0, createdAt: created })).toMatch(/^You have used all your recovery codes\./);
    expect(lowCodesWarning({ remaining: 0, createdAt: null })).toMatch(/^You have no recovery codes yet\./);
    for (let remaining = 0; remaining <= 10; remaining += 1) {
      expect(isRunningLow({ remaining, createdAt: created })).toBe(remaining <= 3);
    }
  });

  it('takes a code as shown, typed in small letters, with spaces or without dashes; refuses what cannot be one', () => {
    fc.assert(
      fc.property(code, (shown) => {
        expect(looksLikeRecoveryCode(shown)).toBe(true);
        expect(looksLikeRecoveryCode(shown.toLowerCase())).toBe(true);
        expect(looksLikeRecoveryCode(shown.replace(/-/g, ''))).toBe(true);
        expect(looksLikeRecoveryCode(` ${shown.replace(/-/g, ' ')} `)).toBe(true);
        expect(looksLikeRecoveryCode(shown.slice(1))).toBe(false);
        expect(looksLikeRecoveryCode(`${shown}7`)).toBe(false);
      }),
    );
    for (const wrong of ['', '7KQM-3XRT-PZ9', '7KQM-3XRT-PZ9C-1', '7KQM_3XRT_PZ9C', '7KQM-3XRT-PZ9!', '7KQM.3XRT.PZ9C']) {
      expect(looksLikeRecoveryCode(wrong), wrong).toBe(false);
    }
  });

  it('the saved file names the account and the site, and holds every code on a line of its own, in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(code, { minLength: 10, maxLength: 10 }), (codes) => {
        const lines = recoveryCodesText(codes, { email: 'ann@example.com', site: 'https://app.example.test' }).split('\n');
        expect(lines[0]).toBe('Recovery codes for ann@example.com (https://app.example.test)');
        expect(lines.filter((line) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(line))).toEqual(codes);
      }),
    );
  });

  it('one refusal of a recovery code names every reason it may have (the API gives one answer for all)', () => {
    expect(RECOVERY_CODE_ERROR_WORDS.RECOVERY_CODE_REFUSED).toMatch(/email, password and recovery code/);
    expect(RECOVERY_CODE_ERROR_WORDS.RECOVERY_CODE_REFUSED).toMatch(/works only once/);
    expect(RECOVERY_CODE_ERROR_WORDS.RECOVERY_CODE_REFUSED).toMatch(/many attempts/);
    expect(RECOVERY_CODE_ERROR_WORDS.RECOVERY_CODE_REFUSED).toMatch(/within 7 days of a password reset by email/);
    expect(RECOVERY_CODE_ERROR_WORDS.RECENT_SIGN_IN_REQUIRED).toMatch(/Sign in again/);
  });
});
