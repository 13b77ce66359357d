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
 * An optional integer environment variable of at least `min`, read at cold start; `fallback` when
 * unset. A value that is set but not such an integer fails the init phase, like a missing variable.
 */
export function optionalIntEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`Environment variable ${name} must be an integer of at least ${min}`);
  }
  return value;
}

/**
 * An attempt limit from two optional variables: attempts per window. Both must be at least 1 (a zero
 * window makes every counter key NaN; a zero limit refuses everyone).
 */
export function attemptLimitEnv(maxName: string, maxFallback: number, windowName: string, windowFallback: number): { max: number; windowSeconds: number } {
  return { max: optionalIntEnv(maxName, maxFallback, 1), windowSeconds: optionalIntEnv(windowName, windowFallback, 1) };
}

/** Plain http is only for the local API on this machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseUrlEnv(name: string): { value: string; url: URL } {
  const value = requireEnv(name)[name];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Environment variable ${name} must be an absolute URL`);
  }
  const local = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) throw new Error(`Environment variable ${name} must be an https URL (http only for localhost)`);
  return { value, url };
}

/** A required environment variable holding an absolute https URL (http only for a loopback host), checked at cold start. */
export function requireUrlEnv(name: string): string {
  return parseUrlEnv(name).value;
}

/** A required environment variable holding a web origin (`https://host[:port]`, nothing after it), checked at cold start. */
export function requireOriginEnv(name: string): string {
  const { value, url } = parseUrlEnv(name);
  if (url.origin !== value) throw new Error(`Environment variable ${name} must be an origin like https://app.example.com (no path or trailing slash)`);
  return value;
}

/** A required environment variable holding an email address, checked at cold start. */
export function requireEmailEnv(name: string): string {
  const value = requireEnv(name)[name];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) throw new Error(`Environment variable ${name} must be an email address`);
  return value;
}

/** An optional environment variable that must be one of `allowed`, read at cold start; `fallback` when unset. */
export function optionalEnumEnv<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`Environment variable ${name} must be one of: ${allowed.join(', ')}`);
  return raw as T;
}
