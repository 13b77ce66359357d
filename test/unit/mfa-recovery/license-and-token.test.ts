import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { licenseInput, matchesAnyLicense, normalizeLicense } from '../../../lambdas/mfa-recovery/license';
import { hashRecoveryToken, newRecoveryToken, recoveryLink } from '../../../lambdas/mfa-recovery/recovery-token';
import { secureRandomBytes } from '../../../lambdas/shared/runtime';
import { secret } from '../../support/secrets';

const HELD = { jurisdiction: 'CA', licenseType: 'RN', licenseNumber: 'S3CR3T1234', dateOfBirth: '1985-04-12' };

describe('license normalization and matching', () => {
  it('parses what people type for the same license into the stored form', () => {
    const parsed = v.parse(licenseInput, { jurisdiction: ' ca ', licenseType: ' rn ', licenseNumber: 's3cr3t-12 3.4', dateOfBirth: ' 1985-04-12 ' });
    expect(parsed).toEqual(HELD);
    expect(matchesAnyLicense(parsed, [HELD])).toBe(true);
  });

  it('keeps characters that tell licenses apart (leading zeros, letters)', () => {
    expect(v.parse(licenseInput, { ...HELD, licenseNumber: '01234S3CR3T' }).licenseNumber).toBe('01234S3CR3T');
    expect(matchesAnyLicense({ ...HELD, licenseNumber: '01234S3CR3T' }, [{ ...HELD, licenseNumber: '1234S3CR3T' }])).toBe(false);
  });

  it('refuses impossible dates and malformed codes', () => {
    expect(v.safeParse(licenseInput, { ...HELD, dateOfBirth: '1985-02-30' }).success).toBe(false);
    expect(v.safeParse(licenseInput, { ...HELD, jurisdiction: 'CAL' }).success).toBe(false);
    expect(v.safeParse(licenseInput, { ...HELD, licenseNumber: 'S3CR3T12#4' }).success).toBe(false);
    expect(v.safeParse(licenseInput, { ...HELD, extra: 'x' }).success).toBe(false);
  });

  it('matches only when all four fields equal one held license', () => {
    const other = { jurisdiction: 'NV', licenseType: 'MD', licenseNumber: 'S3CR3TB9', dateOfBirth: '1985-04-12' };
    expect(matchesAnyLicense(HELD, [other, HELD])).toBe(true);
    for (const field of Object.keys(HELD) as (keyof typeof HELD)[]) {
      expect(matchesAnyLicense({ ...HELD, [field]: other[field] === HELD[field] ? 'X' : other[field] }, [HELD]), field).toBe(false);
    }
    expect(matchesAnyLicense(HELD, [])).toBe(false);
  });

  it('normalization is idempotent (stored data and parsed input agree)', () => {
    fc.assert(
      fc.property(fc.record({ jurisdiction: fc.string(), licenseType: fc.string(), licenseNumber: fc.string(), dateOfBirth: fc.string() }), (license) => {
        const once = normalizeLicense(license);
        expect(normalizeLicense(once)).toEqual(once);
      }),
    );
  });
});

describe('recovery tokens', () => {
  it('are 32 random bytes, URL-safe, and stored only as their SHA-256', () => {
    const { token, tokenHash } = newRecoveryToken(secureRandomBytes);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryToken(token)).toBe(tokenHash);
    expect(newRecoveryToken(secureRandomBytes).token).not.toBe(token);
  });

  it('build the link from the configured base, keeping its own query, with the token in the fragment', () => {
    expect(recoveryLink('https://app.example.com/mfa-recovery', secret('abc_-1'))).toBe(`https://app.example.com/mfa-recovery#token=${secret('abc_-1')}`);
    expect(recoveryLink('https://app.example.com/r?lang=en', secret('abc'))).toBe(`https://app.example.com/r?lang=en#token=${secret('abc')}`);
  });
});
