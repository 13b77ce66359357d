import { afterEach, describe, expect, it } from 'vitest';
import { attemptLimitEnv, optionalIntEnv, requireEmailEnv, requireEnv, requireOriginEnv, requireUrlEnv } from '../../../lambdas/shared/config';

const NAME = 'CONFIG_TEST_VARIABLE';
const WINDOW = 'CONFIG_TEST_WINDOW';
afterEach(() => {
  delete process.env[NAME];
  delete process.env[WINDOW];
});

describe('configuration read at cold start', () => {
  it('requireEnv names every missing variable', () => {
    expect(() => requireEnv(NAME)).toThrow(`Missing required environment variable(s): ${NAME}`);
    process.env[NAME] = 'x';
    expect(requireEnv(NAME)).toEqual({ [NAME]: 'x' });
  });

  it('requireUrlEnv accepts absolute https URLs, and http only for the local API on a loopback host', () => {
    for (const good of ['https://app.example.com/mfa-recovery?lang=en', 'http://127.0.0.1:8787/mfa-recovery', 'http://localhost:3000/r']) {
      process.env[NAME] = good;
      expect(requireUrlEnv(NAME)).toBe(good);
    }
    for (const bad of [
      'app.example.com/mfa',
      '/relative',
      'javascript:alert(1)',
      'ftp://x.example.com',
      'http://app.example.com/mfa-recovery',
      'http://10.0.0.5/r',
    ]) {
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

  it('requireOriginEnv accepts an origin and refuses a path, a trailing slash, plain http outside loopback or garbage', () => {
    for (const good of ['https://app.example.com', 'https://app.example.com:8443', 'http://127.0.0.1:8787']) {
      process.env[NAME] = good;
      expect(requireOriginEnv(NAME)).toBe(good);
    }
    for (const bad of [
      'https://app.example.com/',
      'https://app.example.com/app',
      'http://app.example.com',
      'app.example.com',
      '*',
      'https://app.example.com?x=1',
    ]) {
      process.env[NAME] = bad;
      expect(() => requireOriginEnv(NAME), bad).toThrow(NAME);
    }
  });

  it('attemptLimitEnv refuses a zero or negative limit or window (a zero window made every counter key NaN)', () => {
    expect(attemptLimitEnv(NAME, 5, WINDOW, 3600)).toEqual({ max: 5, windowSeconds: 3600 });
    for (const [name, value] of [
      [NAME, '0'],
      [NAME, '-3'],
      [WINDOW, '0'],
      [WINDOW, '-60'],
    ]) {
      process.env[name] = value;
      expect(() => attemptLimitEnv(NAME, 5, WINDOW, 3600), `${name}=${value}`).toThrow(`${name} must be an integer of at least 1`);
      delete process.env[name];
    }
  });

  it('optionalIntEnv falls back when unset and refuses a non-integer', () => {
    expect(optionalIntEnv(NAME, 5)).toBe(5);
    process.env[NAME] = '7';
    expect(optionalIntEnv(NAME, 5)).toBe(7);
    process.env[NAME] = '7.5';
    expect(() => optionalIntEnv(NAME, 5)).toThrow(NAME);
  });
});
