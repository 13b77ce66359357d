import { InternalErrorException, TooManyRequestsException } from '@aws-sdk/client-cognito-identity-provider';

/**
 * The generic faults every AWS call can raise, as the SDK surfaces them. Business errors
 * (UsernameExistsException, ConditionalCheckFailed, ...) are built next to the tests that need them.
 */
export const genericFaults = {
  throttling: () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
  serviceError: () => new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }),
  timeout: () => Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' }),
} as const;

export type GenericFault = keyof typeof genericFaults;

/** The status and error code each generic fault must surface as. */
export const expectedFaultResponse: Record<GenericFault, { status: number; code: string }> = {
  throttling: { status: 429, code: 'TOO_MANY_REQUESTS' },
  serviceError: { status: 503, code: 'SERVICE_UNAVAILABLE' },
  timeout: { status: 503, code: 'SERVICE_UNAVAILABLE' },
};
