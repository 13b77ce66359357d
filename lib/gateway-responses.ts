/**
 * API Gateway's own rejections (authorizer, request validation, throttling, unknown routes), in the
 * API's error shape. The stack installs them as gateway responses; the local API answers with them
 * where API Gateway would, so both say the same thing.
 */
export const GATEWAY_RESPONSES = {
  UNAUTHORIZED: { id: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED', message: 'Authentication is required.' },
  BAD_REQUEST_BODY: { id: 'BadRequestBody', status: 400, code: 'VALIDATION_FAILED', message: "The request body does not match the route's schema." },
  ACCESS_DENIED: { id: 'AccessDenied', status: 403, code: 'FORBIDDEN', message: 'You are not allowed to perform this action.' },
  THROTTLED: { id: 'Throttled', status: 429, code: 'TOO_MANY_REQUESTS', message: 'Too many requests. Try again later.' },
  /** Every other 4xx of API Gateway's, e.g. an unknown route (403) or a body over 10 MB (413), keeps its own status. */
  DEFAULT_4XX: { id: 'Default4xx', status: undefined, code: 'BAD_REQUEST', message: 'The request was rejected.' },
  DEFAULT_5XX: { id: 'Default5xx', status: undefined, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' },
} as const;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

/**
 * Static headers on every gateway response, as plain values (the stack quotes them for API
 * Gateway). Besides these: the frontend's origin for CORS, and the request id as X-Correlation-Id.
 */
export const GATEWAY_RESPONSE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Expose-Headers': 'X-Correlation-Id',
} as const;
