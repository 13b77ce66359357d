import { postAuthNewPasswordFlows } from '../auth/post-auth-new-password';
import { FIRST_SIGN_IN_DEFAULTS, type FirstSignInKnob } from '../auth/settings';
import type { AttemptLimit } from '../ports/rate-limiter';
import { attemptLimitEnv, optionalIntEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { systemClock, timerSleep } from '../shared/runtime';
import { cognitoIdentityFromEnv } from './cognito';
import { auditTrailFromEnv, documentClient, userRepositoryFromEnv } from './dynamodb';
import { businessMetricsFromEnv } from './metrics';
import { rateLimiterFromEnv } from './rate-limiter';

const knob = (name: FirstSignInKnob) => optionalIntEnv(name, FIRST_SIGN_IN_DEFAULTS[name]);
const perWindow = (name: FirstSignInKnob): AttemptLimit =>
  attemptLimitEnv(name, FIRST_SIGN_IN_DEFAULTS[name], 'FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS', FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS);

/** What POST /auth/new-password's handler needs, wired to AWS from the environment. Call once, at cold start. */
export function postAuthNewPasswordFromEnv() {
  const documents = documentClient();
  const metrics = businessMetricsFromEnv();
  const flows = postAuthNewPasswordFlows({
    identity: cognitoIdentityFromEnv(),
    users: userRepositoryFromEnv(documents),
    limiter: rateLimiterFromEnv(documents),
    metrics,
    audit: auditTrailFromEnv(documents),
    clock: systemClock,
    sleep: timerSleep,
    logger,
    settings: {
      minResponseMs: knob('FIRST_SIGN_IN_MIN_RESPONSE_MS'),
      perAccountAndIpLimit: perWindow('FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP'),
      perIpLimit: perWindow('FIRST_SIGN_IN_LIMIT_PER_IP'),
    },
  });
  return { flows, metrics };
}
