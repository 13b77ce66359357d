import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../../lambdas/shared/errors';
import { REDACTED, redact } from '../../../lambdas/shared/redact';

describe('redact', () => {
  it('replaces sensitive keys at any depth and keeps the rest', () => {
    const input = {
      email: 'a@example.com',
      password: 'p',
      nested: { temporaryPassword: 't', NEW_PASSWORD: 'n', idToken: 'i', Session: 's', list: [{ licenseNumber: 'L1', ok: 1 }] },
      headers: { Authorization: 'Bearer x' },
      dateOfBirth: '1980-01-01',
      body: '{"password":"p"}',
    };
    expect(redact(input)).toEqual({
      email: 'a@example.com',
      password: REDACTED,
      nested: { temporaryPassword: REDACTED, NEW_PASSWORD: REDACTED, idToken: REDACTED, Session: REDACTED, list: [{ licenseNumber: REDACTED, ok: 1 }] },
      headers: { Authorization: REDACTED },
      dateOfBirth: REDACTED,
      body: REDACTED,
    });
  });

  it('blanks recovery codes and their hashes, and keeps an error code', () => {
    const logged = {
      codes: ['7KQM-3XRT-PZ9C'],
      recoveryCode: '7KQM-3XRT-PZ9C',
      body: { recovery_code: '7kqm3xrtpz9c', recoveryCodes: ['A'], codeHashes: ['ab'], codeHash: 'ab' },
      errorCode: 'RECENT_SIGN_IN_REQUIRED',
      code: 'TOO_MANY_REQUESTS',
    };
    expect(redact(logged)).toEqual({
      codes: REDACTED,
      recoveryCode: REDACTED,
      body: REDACTED,
      errorCode: 'RECENT_SIGN_IN_REQUIRED',
      code: 'TOO_MANY_REQUESTS',
    });
    expect(redact(logged.body)).toEqual({ recovery_code: REDACTED, recoveryCodes: REDACTED, codeHashes: REDACTED, codeHash: REDACTED });
  });

  it('reduces errors to name, message and stack (no attached SDK payloads)', () => {
    const error = Object.assign(new Error('boom'), { name: 'X', $response: { body: 'secret' } });
    expect(redact({ error })).toEqual({ error: { name: 'X', message: 'boom', stack: expect.any(String) } });
  });

  it('keeps the cause chain, so a 503 log names the SDK error behind it', () => {
    const sdkError = Object.assign(new Error('User: arn:... is not authorized'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400, requestId: 'aws-req-1' },
      $response: { body: 'raw' },
    });
    const mapped = new DependencyUnavailableError('cognito', sdkError);
    expect(redact({ error: mapped })).toEqual({
      error: {
        name: 'DependencyUnavailableError',
        message: expect.any(String),
        stack: expect.any(String),
        dependency: 'cognito',
        cause: {
          name: 'AccessDeniedException',
          message: 'User: arn:... is not authorized',
          stack: expect.any(String),
          httpStatusCode: 400,
          awsRequestId: 'aws-req-1',
        },
      },
    });
  });

  it('leaves primitives alone and stops at a depth limit instead of recursing forever', () => {
    expect(redact('x')).toBe('x');
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i += 1) cursor = cursor.next = {} as Record<string, unknown>;
    expect(() => redact(deep)).not.toThrow();
  });
});
