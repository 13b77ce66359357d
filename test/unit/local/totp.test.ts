import { describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../../local/totp';

/** RFC 6238 appendix B, SHA-1: the ASCII seed "12345678901234567890", 8 digits. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('totp (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at %i s gives %s', (seconds, code) => {
    expect(totp(RFC_SECRET, new Date(seconds * 1000), { digits: 8 })).toBe(code);
  });

  it('gives 6-digit codes by default, the same for a lower-case secret', () => {
    const at = new Date(1_795_457_769_000);
    expect(totp('asdfasdfasdf', at)).toMatch(/^\d{6}$/);
    expect(totp('asdfasdfasdf', at)).toBe(totp('ASDFASDFASDF', at));
  });
});

describe('base32Decode (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['MY======', 'f'],
    ['MZXQ====', 'fo'],
    ['MZXW6===', 'foo'],
    ['MZXW6YQ=', 'foob'],
    ['MZXW6YTB', 'fooba'],
    ['MZXW6YTBOI======', 'foobar'],
  ])('decodes "%s"', (encoded, decoded) => {
    expect(base32Decode(encoded).toString('ascii')).toBe(decoded);
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZ1W')).toThrow(/unexpected character "1"/);
  });
});
