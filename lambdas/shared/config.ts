/**
 * Reads required environment variables once, at cold start. A missing variable fails the init
 * phase loudly (the function never serves a request half-configured) and names the variable.
 */
export function requireEnv<const K extends string>(...names: K[]): Record<K, string> {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`Missing required environment variable(s): ${missing.join(', ')}`);
  }
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as Record<K, string>;
}

/**
 * An optional non-negative integer environment variable, read at cold start; `fallback` when unset.
 * A value that is set but not an integer fails the init phase, like a missing required variable.
 */
export function optionalIntEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`Environment variable ${name} must be a non-negative integer`);
  }
  return value;
}

/** A required environment variable holding an absolute http(s) URL, checked at cold start. */
export function requireUrlEnv(name: string): string {
  const value = requireEnv(name)[name];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Environment variable ${name} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Environment variable ${name} must be an http(s) URL`);
  return value;
}

/** A required environment variable holding an email address, checked at cold start. */
export function requireEmailEnv(name: string): string {
  const value = requireEnv(name)[name];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw new Error(`Environment variable ${name} must be an email address`);
  return value;
}
