import * as path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { COGNITO_TRIGGERS } from '../lib/cognito-triggers';
import type { LocalRoute } from './local-routes';

/**
 * Cognito's Lambda triggers on the local API. moto cannot run Lambda: the plugin
 * (local/moto_plugin/triggers.py) POSTs the trigger's event to `<LOCAL_TRIGGER_URL>/<function name>`
 * (the last part of the ARN the pool's LambdaConfig names) and takes the answer's body as the returned
 * event, synchronously, as Cognito does. This is that endpoint: it runs the handler module registered
 * under the function name.
 *
 * The contract with a trigger's handler module: it exports `handler(event)`, resolving to the event
 * (with its `response` filled in where the trigger has one); a rejection fails the Cognito operation
 * (UserLambdaValidationException, "<Trigger> failed with error <message>.").
 */

/** The local API's path the plugin posts trigger events to (LOCAL_TRIGGER_URL is the origin plus this). */
export const LOCAL_TRIGGER_PATH = '/_local/cognito-triggers';

/** The account moto answers for; local LambdaConfig ARNs name it. */
const LOCAL_ACCOUNT_ID = '123456789012';

/** A Cognito trigger's handler: the event in, the event out. */
export type CognitoTriggerHandler = (event: CognitoTriggerEvent) => Promise<CognitoTriggerEvent>;

/** The common fields of every user-pool trigger event (Developer Guide, "Lambda trigger common parameters"). */
export interface CognitoTriggerEvent {
  readonly version: string;
  readonly triggerSource: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly userName: string;
  readonly callerContext: { readonly awsSdkVersion: string; readonly clientId: string };
  readonly request: { readonly userAttributes: Record<string, string>; readonly [key: string]: unknown };
  readonly response: Record<string, unknown>;
}

/**
 * The handler modules of the local pool's triggers, by function name (paths from the repository root).
 * The stack's trigger functions are registered here, under the names `localTriggerArn` puts in the
 * local pool's LambdaConfig.
 */
export const LOCAL_TRIGGER_MODULES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(COGNITO_TRIGGERS).map((handlerFile) => [handlerFile, `lambdas/handlers/${handlerFile}.ts`]),
);

/** Extra trigger modules for tests: `LOCAL_TRIGGER_MODULES` holds a JSON object, function name -> module path. */
export const TRIGGER_MODULES_ENV = 'LOCAL_TRIGGER_MODULES';

/** The ARN a local pool's LambdaConfig names for `functionName` (moto's account and the region). */
export function localTriggerArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

/** The function names and modules of `LOCAL_TRIGGER_MODULES`, plus those the environment adds. */
export function triggerModules(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const extra = env[TRIGGER_MODULES_ENV] ? (JSON.parse(env[TRIGGER_MODULES_ENV] as string) as Record<string, string>) : {};
  return { ...LOCAL_TRIGGER_MODULES, ...extra };
}

/** Imports each module (relative to `root`) and takes its `handler`. */
export async function loadTriggerHandlers(modules: Record<string, string>, root: string): Promise<Record<string, CognitoTriggerHandler>> {
  const entries = await Promise.all(
    Object.entries(modules).map(async ([name, modulePath]) => {
      const module = (await import(path.resolve(root, modulePath))) as { handler?: CognitoTriggerHandler };
      if (typeof module.handler !== 'function') throw new Error(`${modulePath} exports no handler for trigger ${name}`);
      return [name, module.handler] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * `POST /_local/cognito-triggers/{functionName}`: runs the named trigger with the posted event and
 * answers the returned event; a failing handler answers 500 with Lambda's error shape
 * (`errorType`, `errorMessage`), which the plugin turns into Cognito's error.
 */
export function cognitoTriggerRoute(handlers: Record<string, CognitoTriggerHandler>, log: (line: string) => void): LocalRoute {
  return {
    method: 'POST',
    path: `${LOCAL_TRIGGER_PATH}/{functionName}`,
    handler: async (event) => {
      const name = event.pathParameters?.functionName ?? '';
      const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
      if (!handler) return json(404, { errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${name}` });
      let triggerEvent: CognitoTriggerEvent;
      try {
        triggerEvent = JSON.parse(event.body ?? '');
      } catch {
        return json(400, { errorType: 'InvalidRequestContentException', errorMessage: 'The event is not JSON' });
      }
      try {
        return json(200, await handler(triggerEvent));
      } catch (error) {
        const { name: errorType, message } = error as Error;
        log(`trigger ${name} (${triggerEvent.triggerSource}) failed: ${errorType}: ${message}`);
        return json(500, { errorType, errorMessage: message });
      }
    },
  };
}
