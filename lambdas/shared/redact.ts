/** Keys whose values must never reach a log line, compared case-insensitively. */
const SENSITIVE_KEY = /pass(word)?|secret|token|session|authorization|cookie|licen[cs]e_?number|dateofbirth|^body$/i;

export const REDACTED = '[REDACTED]';

/**
 * Returns a deep copy of `value` with every sensitive key's value replaced by `[REDACTED]`.
 * Errors keep their name, message and stack, but not their attached payloads.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}
