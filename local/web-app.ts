import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import * as path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { bundleBrowserEntry, buildWebApp, type WebFile } from '../web/build';
import { WEB_CONFIG_FILE, WEB_PAGES, type WebAppConfig } from '../web/pages';
import { WEB_SECURITY_HEADERS, contentSecurityPolicy } from '../web/security-headers';

/** Serves a GET of the web app (or the Cognito proxy); `undefined` leaves the request to the API routes. */
export type SiteHandler = (req: IncomingMessage, url: URL) => Promise<APIGatewayProxyResult | undefined>;

export interface LocalWebAppOptions {
  /** The local API's origin, which is the app's too. */
  readonly origin: string;
  readonly emulatorEndpoint: string;
  readonly userPoolId: string;
  readonly webClientId: string;
}

/** The same-origin path Amplify reaches Cognito through, so the CSP can stay `connect-src 'self'`. */
export const COGNITO_PROXY_PATH = '/_local/cognito';
/** The local outbox as a page. */
export const OUTBOX_PAGE_PATH = '/_local/mail';

/**
 * Cognito's public (unauthenticated, unsigned) operations the web app calls; the proxy forwards
 * nothing else, so it offers no more than Cognito's own public endpoint does.
 */
const PUBLIC_COGNITO_OPERATIONS = new Set(
  [
    'InitiateAuth',
    'RespondToAuthChallenge',
    'AssociateSoftwareToken',
    'VerifySoftwareToken',
    'GetUser',
    'RevokeToken',
    'GlobalSignOut',
    'ForgotPassword',
    'ConfirmForgotPassword',
  ].map((operation) => `AWSCognitoIdentityProviderService.${operation}`),
);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const MAX_PROXY_BODY_BYTES = 64 * 1024;

/**
 * The web app as CloudFront serves it (same files, same security headers), plus `config.json`
 * pointing Amplify at the emulator through `/_local/cognito`, and the local outbox page. Files are
 * built in memory at start; restart `npm start` after changing web/.
 */
export function localWebApp(options: LocalWebAppOptions): SiteHandler {
  const app = buildWebApp();
  const files = new Map<string, WebFile>([...app, ...outboxPage(app)].map((file) => [`/${file.path}`, file]));
  const index = files.get('/index.html') as WebFile;
  const config: WebAppConfig = {
    apiUrl: options.origin,
    userPoolId: options.userPoolId,
    userPoolClientId: options.webClientId,
    userPoolEndpoint: `${options.origin}${COGNITO_PROXY_PATH}`,
  };
  const pages = new Set<string>(Object.values(WEB_PAGES));

  return async (req, url) => {
    if (req.method === 'POST' && url.pathname === COGNITO_PROXY_PATH) return proxyToCognito(req, options.emulatorEndpoint);
    if (req.method !== 'GET') return undefined;
    if (url.pathname === `/${WEB_CONFIG_FILE}`) return page('.json', Buffer.from(JSON.stringify(config)), false);
    if (url.pathname === OUTBOX_PAGE_PATH) return page('.html', (files.get('/outbox.html') as WebFile).contents, false);
    if (pages.has(url.pathname)) return page('.html', index.contents, false);
    const file = files.get(url.pathname);
    // Hashed names change with their content, so browsers may keep them.
    return file && url.pathname !== '/outbox.html' ? page(path.extname(file.path), file.contents, /-[A-Z0-9]{8}\./.test(file.path)) : undefined;
  };
}

function page(extension: string, contents: Uint8Array, immutable: boolean): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Content-Security-Policy': contentSecurityPolicy([]),
      ...WEB_SECURITY_HEADERS,
    },
    body: Buffer.from(contents).toString('base64'),
    isBase64Encoded: true,
  };
}

/** The outbox page and its script, sharing the app's style sheet. */
function outboxPage(app: readonly WebFile[]): WebFile[] {
  const script = bundleBrowserEntry(path.join(__dirname, 'outbox-page', 'outbox.ts'));
  const css = app.find((file) => file.path.endsWith('.css')) as WebFile;
  const html = readFileSync(path.join(__dirname, 'outbox-page', 'outbox.html'), 'utf8')
    .replace('%APP_CSS%', `/${css.path}`)
    .replace('%OUTBOX_JS%', `/${script[0].path}`);
  return [...script, { path: 'outbox.html', contents: Buffer.from(html) }];
}

/** Forwards one of Cognito's public JSON calls to the emulator, as the browser would send it to Cognito. */
async function proxyToCognito(req: IncomingMessage, endpoint: string): Promise<APIGatewayProxyResult> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PROXY_BODY_BYTES) return cognitoError(413, 'RequestTooLarge', 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  if (!PUBLIC_COGNITO_OPERATIONS.has(target)) return cognitoError(400, 'UnknownOperationException', 'Not a public Cognito operation.');
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target },
    body: Buffer.concat(chunks),
  });
  return {
    statusCode: response.status,
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'Cache-Control': 'no-store',
      ...(response.headers.has('x-amzn-errortype') ? { 'x-amzn-errortype': response.headers.get('x-amzn-errortype') as string } : {}),
    },
    body: await response.text(),
  };
}

function cognitoError(status: number, type: string, message: string): APIGatewayProxyResult {
  return { statusCode: status, headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: type, message }) };
}
