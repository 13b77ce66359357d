import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../lambdas/adapters/dynamodb/table-layout';
import { WEB_PAGES } from '../web/pages';
import type { AccountLifecycleStackProps } from '../lib/account-lifecycle-stack';
import { type FunctionResources, functionEnvironment } from '../lib/function-environment';
import { API_ROUTES, type ApiRoute } from '../lib/routes';
import { stackPropsFromContext } from '../lib/stack-config';
import type { LocalResources } from './aws-resources';

/** moto's default region (unsigned requests, e.g. curl, land there too). */
export const LOCAL_REGION = 'us-east-1';

const PROJECT_ROOT = path.join(__dirname, '..');

/** The stack's configuration from cdk.json's context, read exactly as `cdk synth` reads it. */
export function stackPropsFromCdkJson(): AccountLifecycleStackProps {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
  return stackPropsFromContext(new App({ context: cdkJson.context }));
}

/**
 * Points every AWS SDK v3 client in this process at the emulator. The clients read
 * `AWS_ENDPOINT_URL` themselves, so the production composition code runs unchanged. The
 * credentials are dummies moto accepts; setting them keeps the SDK from looking for real ones.
 */
export function emulatorSdkEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
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
    recoveryUrlBase: `${webOrigin}${WEB_PAGES.recoveryLanding}`,
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
export function localFunctionEnvironment(route: ApiRoute, resources: LocalResources, props: AccountLifecycleStackProps, webOrigin: string): Record<string, string> {
  return functionEnvironment(route, localFunctionResources(resources, props, webOrigin));
}

/**
 * The union of every function's environment (they agree on every shared name), for the local API's
 * one process. test/infra/local-parity.test.ts compares it with the synthesized template.
 */
export function handlerEnvironment(resources: LocalResources, props: AccountLifecycleStackProps, webOrigin: string): Record<string, string> {
  return Object.assign({}, ...API_ROUTES.map((route) => localFunctionEnvironment(route, resources, props, webOrigin)));
}
