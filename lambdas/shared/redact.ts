/** Keys whose values must never reach a log line, compared case-insensitively. */
const SENSITIVE_KEY = /pass(word)?|secret|token|session|authorization|cookie|licen[cs]e_?number|dateofbirth|^body$|^codes$|recovery_?codes?$|code_?hash/i;

export const REDACTED = '[REDACTED]';

/**
 * Returns a deep copy of `value` with every sensitive key's value replaced by `[REDACTED]`.
 * Errors keep what diagnosing them needs (name, message, stack, the failed dependency, the AWS
 * request id and HTTP status, and their `cause` chain), but not attached payloads such as an SDK
 * error's raw `$response`.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}

function redactError(error: Error, depth: number): Record<string, unknown> {
  const { dependency, $metadata } = error as { dependency?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string } };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(typeof dependency === 'string' && { dependency }),
    ...($metadata && { httpStatusCode: $metadata.httpStatusCode, awsRequestId: $metadata.requestId }),
    ...(error.cause !== undefined && { cause: redact(error.cause, depth + 1) }),
  };
}
