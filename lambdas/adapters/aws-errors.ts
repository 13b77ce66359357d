import { DependencyUnavailableError, TooManyRequestsError } from '../shared/errors';

/** The SDK exception name (`UsernameExistsException`, `TimeoutError`, ...) or `undefined`. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'TooManyFailedAttemptsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);

/** True for every flavour of "slow down" the SDKs report, by name or by HTTP 429. */
function isThrottling(error: unknown): boolean {
  const name = errorName(error);
  if (name && THROTTLING_NAMES.has(name)) return true;
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return meta?.httpStatusCode === 429;
}

/**
 * The fallback for SDK errors a flow has no business meaning for: throttling becomes 429, anything
 * else (service faults, timeouts, network) a retryable 503. The original error stays as `cause`
 * for the logs and never reaches the client.
 */
export function toDependencyError(dependency: string, error: unknown): Error {
  if (isThrottling(error)) return new TooManyRequestsError(error);
  return new DependencyUnavailableError(dependency, error);
}
