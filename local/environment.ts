import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../lambdas/adapters/dynamodb/table-layout';
import { WEB_PAGES } from '../web/pages';
import type { AccountLifecycleStackProps } from '../lib/account-lifecycle-stack';
import { TRIGGER_FUNCTIONS } from '../lib/cognito-triggers';
import { type FunctionResources, functionEnvironment, triggerEnvironment } from '../lib/function-environment';
import { API_ROUTES, type ApiRoute } from '../lib/routes';
import { stackPropsFromContext } from '../lib/stack-config';
import type { LocalResources } from './aws-resources';
import { EMULATOR_ADMIN_CREDENTIALS } from './moto-server';

/** moto's default region (unsigned requests, e.g. curl, land there too). */
export const LOCAL_REGION = 'us-east-1';

const PROJECT_ROOT = path.join(__dirname, '..');

/** The stack's configuration from cdk.json's context, read exactly as `cdk synth` reads it. */
export function stackPropsFromCdkJson(): AccountLifecycleStackProps {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
  return stackPropsFromContext(new App({ context: cdkJson.context }));
}

/**
 * Points every AWS SDK v3 client at the emulator. The clients read `AWS_ENDPOINT_URL` themselves,
 * so the production composition code runs unchanged. Without `credentials`, the emulator's
 * administrator (the local API's own process: bootstrap, seeding, local-only routes); a function's
 * worker gets its role's session instead (local/function-roles.ts).
 */
export function emulatorSdkEnvironment(
  endpoint: string,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } = EMULATOR_ADMIN_CREDENTIALS,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken && { AWS_SESSION_TOKEN: credentials.sessionToken }),
  };
}

/** What the local functions' settings are made of: the emulator's resources and cdk.json's configuration. */
export function localFunctionResources(resources: LocalResources, props: AccountLifecycleStackProps, webOrigin: string): FunctionResources {
  return {
    userPoolId: resources.userPoolId,
    clientId: resources.clientId,
    frontendOrigin: webOrigin,
    tableName: resources.tableName,
    auditTableName: resources.auditTableName,
    auditRetentionDays: props.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    rateLimitKeySecretArn: resources.rateLimitKeySecretArn,
    recoveryCodeKeySecretArn: resources.recoveryCodeKeySecretArn,
    recoveryUrlBase: `${webOrigin}${WEB_PAGES.mfaRecoveryConfirm}`,
    senderEmail: props.senderEmail,
    mfaRecoveryStrategy: props.mfaRecoveryStrategy ?? 'reset',
    recoveryMinResponseMs: props.recoveryMinResponseMs,
  };
}

/**
 * The environment of one route's function on the local API: its manifest entry's, as the stack
 * builds it, with the local resources' ids. `webOrigin` is where the web app is served (locally: the
 * API's own origin), as the stack defaults to its CloudFront distribution.
 */
export function localFunctionEnvironment(
  route: ApiRoute,
  resources: LocalResources,
  props: AccountLifecycleStackProps,
  webOrigin: string,
): Record<string, string> {
  return functionEnvironment(route, localFunctionResources(resources, props, webOrigin));
}

/**
 * The union of every function's environment, routes' and triggers' (they agree on every shared
 * name): what each worker's environment is picked from (`workerEnvironment`).
 * test/infra/local-parity.test.ts compares it with the synthesized template.
 */
export function handlerEnvironment(resources: LocalResources, props: AccountLifecycleStackProps, webOrigin: string): Record<string, string> {
  const functionResources = localFunctionResources(resources, props, webOrigin);
  return Object.assign(
    {},
    ...API_ROUTES.map((route) => localFunctionEnvironment(route, resources, props, webOrigin)),
    ...TRIGGER_FUNCTIONS.map((trigger) => triggerEnvironment(trigger, functionResources)),
  );
}

/**
 * A function's whole environment in its worker: the variables the template gives that function
 * (named in `fn`, valued as in `environment`; one it lacks fails here), and its SDK settings.
 */
export function workerEnvironment(
  fn: { readonly handlerFile: string; readonly environmentNames: readonly string[] },
  environment: Record<string, string>,
  sdk: Record<string, string>,
): Record<string, string> {
  const missing = fn.environmentNames.filter((name) => environment[name] === undefined);
  if (missing.length > 0) throw new Error(`the local API has no value for ${fn.handlerFile}'s ${missing.join(', ')}`);
  return {
    ...Object.fromEntries(fn.environmentNames.map((name) => [name, environment[name]])),
    ...sdk,
    // Lambda runs Node.js 22, where the SDK has no end-of-support notice to print (once per worker here).
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
