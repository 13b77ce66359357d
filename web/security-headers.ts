/**
 * The security headers of every page of the web app, in one place: CloudFront's response-headers
 * policy (lib/constructs/web-hosting.ts) and the local API's static serving use the same values.
 */

/**
 * A strict CSP: only the app's own scripts and styles (no inline code, no eval), no frames, no
 * plugins, and network access only to `connectSources` ('self' for its own assets and config).
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Two years, subdomains included (the HSTS preload list's minimum is one year). */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** The headers besides the CSP, as HTTP header names and values. */
export const WEB_SECURITY_HEADERS = {
  'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
} as const;
