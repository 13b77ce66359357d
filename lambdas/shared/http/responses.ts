import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError } from '../errors';

/** Headers on every response: JSON, never cached, no MIME sniffing, CORS only for the configured frontend. */
function baseHeaders(allowedOrigin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  };
  if (allowedOrigin) {
    headers['Access-Control-Allow-Origin'] = allowedOrigin;
    headers['Access-Control-Expose-Headers'] = 'X-Correlation-Id';
    headers.Vary = 'Origin';
  }
  return headers;
}

/** A JSON response with the service's standard headers. */
export function jsonResponse(status: number, body: unknown, allowedOrigin?: string): APIGatewayProxyResult {
  return { statusCode: status, headers: baseHeaders(allowedOrigin), body: JSON.stringify(body) };
}

/** The documented error body: `{ "error": { "code", "message", "details"? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: readonly { field: string; message: string }[] };
}

/**
 * The one place errors become HTTP: an `AppError` keeps its status, code and safe message;
 * anything else is a bug or an unmapped dependency failure and becomes an opaque 500.
 */
export function toErrorResponse(error: unknown, allowedOrigin?: string): APIGatewayProxyResult {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details?.length) body.error.details = error.details;
    return jsonResponse(error.status, body, allowedOrigin);
  }
  const body: ErrorBody = { error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' } };
  return jsonResponse(500, body, allowedOrigin);
}
