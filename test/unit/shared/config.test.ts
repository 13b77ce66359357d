import { afterEach, describe, expect, it } from 'vitest';
import { optionalIntEnv, requireEmailEnv, requireEnv, requireUrlEnv } from '../../../lambdas/shared/config';

const NAME = 'CONFIG_TEST_VARIABLE';
afterEach(() => {
  delete process.env[NAME];
});

describe('configuration read at cold start', () => {
  it('requireEnv names every missing variable', () => {
    expect(() => requireEnv(NAME)).toThrow(`Missing required environment variable(s): ${NAME}`);
    process.env[NAME] = 'x';
    expect(requireEnv(NAME)).toEqual({ [NAME]: 'x' });
  });

  it('requireUrlEnv accepts absolute http(s) URLs only', () => {
    process.env[NAME] = 'https://app.example.com/mfa-recovery?lang=en';
    expect(requireUrlEnv(NAME)).toBe('https://app.example.com/mfa-recovery?lang=en');
    for (const bad of ['app.example.com/mfa', '/relative', 'javascript:alert(1)', 'ftp://x.example.com']) {
      process.env[NAME] = bad;
      expect(() => requireUrlEnv(NAME), bad).toThrow(NAME);
    }
  });

  it('requireEmailEnv accepts an address and refuses anything else', () => {
    process.env[NAME] = 'no-reply@example.com';
    expect(requireEmailEnv(NAME)).toBe('no-reply@example.com');
    process.env[NAME] = 'no-reply';
    expect(() => requireEmailEnv(NAME)).toThrow(NAME);
  });

  it('optionalIntEnv falls back when unset and refuses a non-integer', () => {
    expect(optionalIntEnv(NAME, 5)).toBe(5);
    process.env[NAME] = '7';
    expect(optionalIntEnv(NAME, 5)).toBe(7);
    process.env[NAME] = '7.5';
    expect(() => optionalIntEnv(NAME, 5)).toThrow(NAME);
  });
});
