import { describe, expect, it } from 'vitest';
import { postAuthNewPasswordFlows } from '../../../lambdas/auth/post-auth-new-password';
import type { AuthOutcome } from '../../../lambdas/ports/identity-provider';
import { DependencyUnavailableError, InvalidCredentialsError } from '../../../lambdas/shared/errors';
import { secret } from '../../support/secrets';
import { virtualTime } from '../../support/virtual-time';
import { recordingMetrics } from '../../support/metrics';

/**
 * POST /auth/new-password's minimum response time, on the flow with an injected clock and sleep:
 * Cognito refuses an unknown user more slowly than a wrong password (and answers a confirmed user
 * with tokens); every refusal still takes exactly the floor, and a success is not held back.
 */
const MIN_MS = 2_000;
const CALLER = { sourceIp: '203.0.113.10', serverName: 'api.example.test', serverPath: '/auth/new-password', correlationId: 'c-1' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

type SignIn = 'pending' | 'wrong-password' | 'unknown-user' | 'confirmed' | 'over-limit' | 'table-down';

function flowFor(time: ReturnType<typeof virtualTime>, signIn: SignIn) {
  return postAuthNewPasswordFlows({
    identity: {
      passwordAuth: async (): Promise<AuthOutcome> => {
        if (signIn === 'unknown-user') {
          time.spend(400);
          throw new InvalidCredentialsError();
        }
        time.spend(150);
        if (signIn === 'wrong-password') throw new InvalidCredentialsError();
        if (signIn === 'confirmed') return { kind: 'challenge', challengeName: 'SOFTWARE_TOKEN_MFA', session: secret('s') };
        return { kind: 'challenge', challengeName: 'NEW_PASSWORD_REQUIRED', session: secret('s') };
      },
      respondToNewPasswordChallenge: async () => {
        time.spend(150);
        return { kind: 'challenge', challengeName: 'MFA_SETUP', session: secret('s2') };
      },
    },
    users: { findUserIdByEmail: async () => undefined },
    limiter: {
      tryAttempt: async () => {
        time.spend(10);
        if (signIn === 'table-down') throw new DependencyUnavailableError('dynamodb');
        return signIn !== 'over-limit';
      },
    },
    metrics: recordingMetrics(),
    audit: { append: async () => undefined },
    clock: time.clock,
    sleep: time.sleep,
    logger: silent,
    settings: { minResponseMs: MIN_MS, perAccountAndIpLimit: { max: 10, windowSeconds: 900 }, perIpLimit: { max: 50, windowSeconds: 900 } },
  });
}

function attempt(signIn: SignIn): Promise<{ outcome?: AuthOutcome; error?: string; elapsed: number }> {
  const time = virtualTime();
  const start = time.now();
  const result = flowFor(time, signIn).handleNewPasswordChallenge('ada@example.com', secret('Temp-Pa55word!'), secret('New-Pa55word!'), CALLER);
  return result.then(
    (outcome) => ({ outcome, elapsed: time.elapsedSince(start) }),
    (error: Error) => ({ error: error.name, elapsed: time.elapsedSince(start) }),
  );
}

describe('handleNewPasswordChallenge minimum response time', () => {
  it.each<SignIn>(['wrong-password', 'unknown-user', 'confirmed', 'over-limit', 'table-down'])('a refusal (%s) takes exactly the floor', async (signIn) => {
    expect((await attempt(signIn)).elapsed).toBe(MIN_MS);
  });

  it('refusals that Cognito answers at different speeds end at the same instant', async () => {
    const [wrong, unknown, confirmed] = await Promise.all([attempt('wrong-password'), attempt('unknown-user'), attempt('confirmed')]);
    expect([wrong, unknown, confirmed].map(({ error }) => error)).toEqual(Array(3).fill('InvalidCredentialsError'));
    expect(new Set([wrong.elapsed, unknown.elapsed, confirmed.elapsed])).toEqual(new Set([MIN_MS]));
  });

  it('does not hold back a first sign-in that succeeds', async () => {
    const { outcome, elapsed } = await attempt('pending');
    expect(outcome).toMatchObject({ kind: 'challenge', challengeName: 'MFA_SETUP' });
    expect(elapsed).toBeLessThan(MIN_MS);
    expect(elapsed).toBeGreaterThan(0);
  });
});
