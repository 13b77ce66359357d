import * as path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { LocalRoute } from './local-routes';

/**
 * Cognito's Lambda triggers on the local API. moto cannot run Lambda: the plugin
 * (local/moto_plugin/triggers.py) POSTs the trigger's event to `<LOCAL_TRIGGER_URL>/<function name>`
 * (the last part of the ARN the pool's LambdaConfig names) and takes the answer's body as the returned
 * event, synchronously, as Cognito does. This is that endpoint: it invokes the function registered
 * under the name. The stack's trigger functions (lib/cognito-triggers.ts) run as the route functions
 * do, each in its own worker as its own role (local/start.ts, local/function-runtime.ts); a test's
 * extra trigger module (LOCAL_TRIGGER_MODULES) is a fixture, not a function of the stack, and runs
 * in the local API's process.
 *
 * The contract with a trigger's handler: `handler(event, context)` resolves to the event (with its
 * `response` filled in where the trigger has one); a rejection fails the Cognito operation
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

/** Extra trigger modules for tests: `LOCAL_TRIGGER_MODULES` holds a JSON object, function name -> module path. */
export const TRIGGER_MODULES_ENV = 'LOCAL_TRIGGER_MODULES';

/** The ARN a local pool's LambdaConfig names for `functionName` (moto's account and the region). */
export function localTriggerArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

/** The test trigger modules the environment names (function name -> module path), none by default. */
export function testTriggerModules(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env[TRIGGER_MODULES_ENV] ? (JSON.parse(env[TRIGGER_MODULES_ENV] as string) as Record<string, string>) : {};
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
