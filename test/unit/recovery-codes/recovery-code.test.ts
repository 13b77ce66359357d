import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
} from '../../../lambdas/recovery-codes/recovery-code';

const GROUPED = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('newRecoveryCodes', () => {
  it('gives 10 distinct codes of 12 Crockford base32 symbols (60 bits each), grouped by 4', () => {
    const codes = newRecoveryCodes(randomBytes);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(GROUPED);
    expect(RECOVERY_CODE_ALPHABET).toHaveLength(32);
    expect(RECOVERY_CODE_LENGTH * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
  });

  it('draws 12 bytes per code and maps every byte value to a symbol equally often (no modulo bias)', () => {
    const sizes: number[] = [];
    let next = 0;
    const counting = (size: number) => {
      sizes.push(size);
      return Buffer.from(Array.from({ length: size }, () => next++ % 256));
    };
    const symbols = newRecoveryCodes(counting).join('').replace(/-/g, '');
    expect(sizes).toEqual(Array(RECOVERY_CODE_COUNT).fill(RECOVERY_CODE_LENGTH));
    // 120 consecutive byte values: each of the 32 symbols appears 3 or 4 times, none more.
    const counts = [...RECOVERY_CODE_ALPHABET].map((symbol) => symbols.split(symbol).length - 1);
    expect(Math.min(...counts)).toBe(3);
    expect(Math.max(...counts)).toBe(4);
    // All 256 byte values: exactly 8 each.
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const fromAll = [...all].map((byte) => RECOVERY_CODE_ALPHABET[byte & 0x1f]).join('');
    for (const symbol of RECOVERY_CODE_ALPHABET) expect(fromAll.split(symbol).length - 1).toBe(8);
  });
});

describe('normalizeRecoveryCode', () => {
  it('reads a code as people type it: any case, dashes or spaces, O for 0, I and L for 1', () => {
    expect(normalizeRecoveryCode('7KQM-3XRT-PZ9C')).toBe('7KQM3XRTPZ9C');
    expect(normalizeRecoveryCode(' 7kqm 3xrt pz9c ')).toBe('7KQM3XRTPZ9C');
    expect(normalizeRecoveryCode('7kqm3xrtpz9c')).toBe('7KQM3XRTPZ9C');
    expect(normalizeRecoveryCode('O1O1-IIII-llll')).toBe('010111111111');
  });

  it.each([
    ['too short', '7KQM-3XRT-PZ9'],
    ['too long', '7KQM-3XRT-PZ9CA'],
    ['U is not in the alphabet', '7KQM-3XRT-PZ9U'],
    ['punctuation', '7KQM_3XRT_PZ9C'],
    ['empty', ''],
    ['only separators', '--- ---'],
  ])('answers undefined for input that cannot be a code (%s)', (_case, input) => {
    expect(normalizeRecoveryCode(input)).toBeUndefined();
  });

  it('every generated code normalizes to its 12 symbols, and every normalized form is stable', () => {
    for (const code of newRecoveryCodes(randomBytes)) {
      const normalized = normalizeRecoveryCode(code);
      expect(normalized).toBe(code.replace(/-/g, ''));
      expect(normalizeRecoveryCode(normalized!)).toBe(normalized);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const normalized = normalizeRecoveryCode(input);
        if (normalized === undefined) return;
        expect(normalized).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
        expect(normalizeRecoveryCode(normalized)).toBe(normalized);
      }),
    );
  });
});
