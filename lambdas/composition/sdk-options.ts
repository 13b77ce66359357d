/**
 * Network limits for every SDK client. A hung connection fails after `connectionTimeout`, a slow
 * answer after `requestTimeout`, and the standard retry strategy tries once more. Cognito admin
 * calls answer in well under a second and DynamoDB in milliseconds, so these only cut off calls
 * that are already failing.
 */
export const SDK_CLIENT_OPTIONS = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
} as const;

/**
 * The longest one SDK call can take, retries and the standard strategy's backoff (under 1 s for
 * one retry, even for throttling) included. Function timeouts are derived from it
 * (lib/function-timeouts.ts), so a flow always lives long enough to run its compensation.
 */
export const WORST_CASE_CALL_MS =
  SDK_CLIENT_OPTIONS.maxAttempts * (SDK_CLIENT_OPTIONS.requestHandler.connectionTimeout + SDK_CLIENT_OPTIONS.requestHandler.requestTimeout) + 1_000;
