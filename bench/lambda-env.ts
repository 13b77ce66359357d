/**
 * The environment a deployed handler sees at import time (cold start), with placeholder values:
 * what `lib/account-lifecycle-stack.ts` passes, what `ApiFunction` adds, and what the Lambda
 * runtime itself sets. Fake credentials only satisfy the SDK's provider chain; no call leaves the process.
 */
export const LAMBDA_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  POWERTOOLS_SERVICE_NAME: 'account-lifecycle',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_METRICS_NAMESPACE: 'AccountLifecycle',
  COGNITO_USER_POOL_ID: 'eu-west-1_BENCHPOOL',
  COGNITO_CLIENT_ID: 'bench-client-id',
  TABLE_NAME: 'bench-table',
  AUDIT_TABLE_NAME: 'bench-audit-table',
  AUDIT_RETENTION_DAYS: '400',
  RATE_LIMIT_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:bench-rate-limit-key-AbCdEf',
  RECOVERY_CODE_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:bench-recovery-code-key-GhIjKl',
  FRONTEND_ORIGIN: 'https://app.example.com',
  RECOVERY_URL_BASE: 'https://app.example.com/mfa-recovery',
  SENDER_EMAIL: 'no-reply@example.com',
  // The MFA-recovery response floor only sleeps (to hide outcomes); waiting is not work, and 5 s per
  // call would make 10,000 warm invocations impossible.
  MIN_RESPONSE_MS: '0',
};

/** `LAMBDA_ENV` plus `PATH`, with the Powertools log level replaced: the whole environment of a bench child process. */
export function childEnv(logLevel: string = LAMBDA_ENV.POWERTOOLS_LOG_LEVEL): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...LAMBDA_ENV, POWERTOOLS_LOG_LEVEL: logLevel };
}
