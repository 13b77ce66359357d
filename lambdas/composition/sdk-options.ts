/**
 * Network limits for every SDK client: API Gateway gives up after 29 s, so a hung connection must
 * fail fast and be retried by the SDK's standard retry strategy rather than eat the whole budget.
 */
export const SDK_CLIENT_OPTIONS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
} as const;
