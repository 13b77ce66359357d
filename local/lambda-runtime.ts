/**
 * The local stand-in for Lambda's runtime, run in a worker thread per function (local/function-runtime.ts):
 * loads the function's bundle once (its cold start, with the worker's own environment: its
 * configuration and its role's credentials), then answers each invocation the main thread posts.
 * Bundled by esbuild like the handlers, so the worker runs plain JavaScript.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';

/** A Lambda context without its methods (what can cross a thread), and when the invocation times out. */
export type ContextFields = Omit<Context, 'getRemainingTimeInMillis' | 'done' | 'fail' | 'succeed'>;

/** One invocation: the event (API Gateway's proxy event, or a Cognito trigger's) and its context. */
export interface Invocation {
  readonly id: number;
  readonly event: unknown;
  readonly context: ContextFields;
  readonly deadline: number;
}

export type InvocationOutcome =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/** The worker's data: the handler bundle to load. */
export interface RuntimeData {
  readonly bundle: string;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

function run(): void {
  const port = parentPort;
  if (!port) throw new Error('lambda-runtime runs in a worker thread');
  const { handler } = require((workerData as RuntimeData).bundle) as { handler: Handler };
  port.on('message', ({ id, event, context, deadline }: Invocation) => {
    const withMethods: Context = {
      ...context,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    handler(event, withMethods).then(
      (result) => port.postMessage({ id, result } satisfies InvocationOutcome),
      (error: Error) => port.postMessage({ id, error: { name: error.name, message: error.message, stack: error.stack } } satisfies InvocationOutcome),
    );
  });
  port.postMessage('ready');
}

run();
